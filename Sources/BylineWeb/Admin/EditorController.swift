import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The newsroom at `/admin`: the article list, the article form, the workflow's buttons
/// and the preview. Every page needs a session; every form carries the session's CSRF
/// token (`csrf_token`); every refused form comes back with what was typed in it.
struct EditorController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let newsroom: Newsroom
    let backend: any NewsroomBackend
    let photos: PhotoDesk

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin", use: list)
        routes.get("/admin/articles/new", use: newForm)
        routes.post("/admin/articles", use: create)
        routes.get("/admin/articles/:id", use: edit)
        routes.post("/admin/articles/:id", use: save)
        routes.get("/admin/articles/:id/preview", use: preview)
        routes.get("/admin/articles/:id/history", use: history)
        routes.post("/admin/articles/:id/restore", use: restore)
        routes.post("/admin/articles/:id/photos", use: upload)
        routes.get("/admin/photos/:photo/image", use: libraryImage)
        routes.post("/admin/articles/:id/autosave", use: autosave)
        routes.post("/admin/articles/:id/follow-up", use: followUp)
        routes.post("/admin/articles/:id/chain", use: editChain)
        routes.post("/admin/articles/:id/live", use: startLive)
        routes.post("/admin/articles/:id/live/entries", use: postLiveEntry)
        routes.post("/admin/articles/:id/live/entries/:entry", use: editLiveEntry)
        routes.post("/admin/articles/:id/live/end", use: endLive)
        routes.get("/admin/trash", use: trash)
        for action in Self.buttons {
            routes.post("/admin/articles/:id/\(action.pathSegment)") { request, context in
                try await self.step(action, request: request, context: context)
            }
        }
        return routes
    }

    // MARK: The list

    @Sendable func list(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let tree = await site.sections.current()
        var filter = DraftFilter()
        let status = context.query["status"].flatMap(ArticleStatus.init(rawValue:))
        filter.status = status
        let sectionPath = context.query["section"] ?? ""
        if let section = SectionPath(sectionPath).flatMap(tree.section(at:)) { filter.sections = tree.subtree(of: section.id) }
        let reporter = context.query["reporter"] ?? ""
        if !reporter.isEmpty { filter.reporterEmail = reporter }
        let query = context.query["q"] ?? ""
        if !query.isEmpty { filter.headline = String(query.prefix(100)) }
        let cursor = context.query["cursor"].flatMap { PageCursor(token: $0, kind: .time) }
        let page = try await backend.drafts(filter, page: PageRequest(after: cursor, limit: 30))
        let places = try await backend.chainPlaces(of: page.items.map(\.id))
        let ongoing = try await newsroom.ongoingLive()
        let live = Set(ongoing.map(\.id))
        let view = NewsroomListPage(
            layout: site.adminLayout(title: "편집국", path: "/admin"), user: UserBar(signed),
            rows: page.items.map { summary in
                DraftRow(
                    url: "/admin/articles/\(summary.id)", headline: summary.headline, status: summary.status.rawValue,
                    statusName: summary.status.koreanName, section: tree.section(summary.sectionID)?.name ?? "",
                    authors: summary.authorNames.joined(separator: "·"), updated: KoreanTime.listStamp(summary.updatedAt),
                    returnNote: summary.returnNote, place: places[summary.id]?.label, isLive: live.contains(summary.id))
            },
            ongoingLive: ongoing.map {
                OngoingLiveRow(
                    url: "/admin/articles/\($0.id)", headline: $0.headline, startedStamp: KoreanTime.listStamp($0.startedAt),
                    entryCount: $0.entryCount)
            },
            statuses: [OptionView(value: "", label: "모든 상태", selected: status == nil)]
                + ArticleStatus.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0 == status) },
            sections: [OptionView(value: "", label: "모든 섹션", selected: sectionPath.isEmpty)] + Self.sectionOptions(tree, selected: sectionPath),
            reporter: reporter, query: query,
            next: page.next.map { next in
                var parts = context.query.pairs.filter { $0.0 != "cursor" }.map { "\($0.0)=\(percentEncode($0.1))" }
                parts.append("cursor=\(next.token)")
                return "/admin?" + parts.joined(separator: "&")
            })
        return try AdminController.html(site.templates.render(view, template: "admin-list"), status: .ok)
    }

    // MARK: The form

    @Sendable func newForm(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        var form = ArticleForm()
        form.authors = signed.user.email
        return try await editor(form: form, draft: nil, signed: signed, status: .ok)
    }

    @Sendable func create(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let fields = ArticleForm(form)
        do {
            let (document, embargo) = try await checked(fields)
            let id = try await newsroom.create(document, embargoUntil: embargo, by: signed.user)
            // DESIGN §3: the new-article form redirects to the article's edit form.
            return AdminController.redirect(to: "/admin/articles/\(id)")
        } catch BylineError.invalidFields(let problems) {
            return try await editor(form: fields, draft: nil, signed: signed, status: .badRequest, messages: EditorMessages(problems: problems))
        }
    }

    @Sendable func edit(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let draft = try await newsroom.draft(try context.articleID())
        var notice: String?
        if let saved = context.query["saved"] {
            notice = saved == "motion" ? "저장했습니다. 움직이는 사진은 기사에 첫 장면이 정지 사진으로 실립니다." : "저장했습니다."
        }
        if let wire = context.query["wire"] {
            let missing = Int(wire) ?? 0
            notice = "수신 항목으로 초안을 만들었습니다. 출처와 사진 설명을 확인하고 고쳐 쓴 뒤 출고하세요."
                + (missing > 0 ? " 사진 \(missing)장은 가져오지 못했습니다. 수신 항목의 원본 주소를 확인하세요." : "")
        }
        switch context.query["done"].flatMap(WorkflowAction.init(rawValue:)) {
        case .followUp?: notice = "후속 기사 초안을 만들었습니다. 고쳐 쓴 뒤 출고하세요."
        case let done?: notice = "\(done.koreanName) 처리했습니다."
        case nil: break
        }
        var form = ArticleForm(draft.document, embargoUntil: draft.embargoUntil)
        var offer: String?
        if let pending = try await newsroom.pendingAutosave(draft, by: signed.user), let saved = ArticleForm(json: pending.fields) {
            if context.query["autosave"] != nil {
                form = saved
                notice = "\(KoreanTime.listStamp(pending.at))에 자동 저장된 내용을 불러왔습니다. 저장해야 반영됩니다."
            } else {
                offer = KoreanTime.listStamp(pending.at)
            }
        }
        return try await editor(
            form: form, draft: draft, signed: signed, status: .ok, messages: EditorMessages(notice: notice, autosaveOffer: offer))
    }

    /// Keeps the form as it is being typed (the editor's script posts here); answers 204.
    @Sendable func autosave(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        try await newsroom.autosave(try context.articleID(), fields: ArticleForm(form).json, by: signed.user)
        return Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    /// Deleted articles, restorable for 30 days.
    @Sendable func trash(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let tree = await site.sections.current()
        let rows = try await backend.trashed().map { summary in
            DraftRow(
                url: "/admin/articles/\(summary.id)", headline: summary.headline, status: summary.status.rawValue,
                statusName: summary.status.koreanName, section: tree.section(summary.sectionID)?.name ?? "", authors: "",
                updated: KoreanTime.listStamp(summary.updatedAt), returnNote: nil)
        }
        let view = TrashPage(layout: site.adminLayout(title: "휴지통", path: "/admin/trash"), user: UserBar(signed), rows: rows)
        return try AdminController.html(site.templates.render(view, template: "admin-trash"), status: .ok)
    }

    @Sendable func save(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        let fields = ArticleForm(form)
        let draft = try await newsroom.draft(id)
        guard let version = form["version"].flatMap(Int.init) else {
            throw BylineError.invalidInput("양식에 기사 버전이 없습니다. 편집 화면을 새로 열어 주세요.")
        }
        do {
            let (document, embargo) = try await checked(fields)
            try await newsroom.save(id, document, embargoUntil: embargo, version: version, by: signed.user)
            return AdminController.redirect(to: "/admin/articles/\(id)?saved=1")
        } catch BylineError.invalidFields(let problems) {
            var kept = draft
            kept.version = version
            return try await editor(form: fields, draft: kept, signed: signed, status: .badRequest, messages: EditorMessages(problems: problems))
        } catch BylineError.conflict {
            // Both versions stay: theirs as saved, below; this person's in the form, ready to save over the new version.
            let current = try await newsroom.draft(id)
            return try await editor(
                form: fields, draft: current, signed: signed, status: .conflict,
                messages: EditorMessages(conflict: ConflictView(current: ArticleForm(current.document, embargoUntil: current.embargoUntil))))
        }
    }

    @Sendable func preview(_ request: Request, context: BylineRequestContext) async throws -> Response {
        guard let article = try await backend.preview(try context.articleID()) else { throw BylineError.notFound }
        // The reader's page as it would be, never cached anywhere: a draft is not public.
        let now = site.clock.now
        let related = try await site.store.related(to: article, limit: ArticleWithRelated.relatedCount, asOf: now)
        let page = try await ArticleController(site: site, views: nil).page(for: article, related: related, now: now)
        return Response(
            status: .ok, headers: [.contentType: page.contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: page.body)))
    }

    // MARK: The workflow's buttons

    /// The workflow's buttons on the edit form, each posting to `/admin/articles/{id}/{segment}`.
    static let buttons: [WorkflowAction] = [
        .submit, .returnForRework, .publish, .schedule, .correct, .unpublish, .kill, .pin, .unpin, .trash, .restore,
    ]

    func step(_ action: WorkflowAction, request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let id = try context.articleID()
        do {
            try await newsroom.perform(try Self.step(action, form: form), on: id, by: signed.user)
        } catch BylineError.invalidFields(let problems) {
            let draft = try await newsroom.draft(id)
            return try await editor(
                form: ArticleForm(draft.document, embargoUntil: draft.embargoUntil), draft: draft, signed: signed, status: .badRequest,
                messages: EditorMessages(
                    problems: problems, typedCorrection: form["correction"] ?? "", typedKillReason: form["kill_reason"] ?? "",
                    typedSchedule: form["scheduled_at"] ?? ""))
        }
        return AdminController.redirect(to: "/admin/articles/\(id)?done=\(action.rawValue)")
    }

    /// The step a button asks for, with what its form fields say.
    static func step(_ action: WorkflowAction, form: FormBody) throws -> WorkflowStep {
        switch action {
        case .submit: return .submit
        case .returnForRework: return .returnForRework(comment: form["comment"] ?? "")
        case .publish: return .publish
        case .unpublish: return .unpublish
        case .kill: return .kill(reason: form["kill_reason"] ?? "")
        case .schedule:
            guard let time = form["scheduled_at"].flatMap(ArticleForm.date(fromLocal:)) else {
                throw BylineError.invalidFields([FieldProblem(field: "scheduled_at", message: "예약 시각을 고르세요.")])
            }
            return .schedule(at: time)
        case .correct: return .correct(text: form["correction"] ?? "")
        case .pin:
            guard let position = form["position"].flatMap(Int.init), let until = form["until"].flatMap(ArticleForm.date(fromLocal:)) else {
                throw BylineError.invalidFields([FieldProblem(field: "pin", message: "순서와 고정 끝 시각을 고르세요.")])
            }
            return .pin(position: position, until: until)
        case .unpin: return .unpin
        case .trash: return .trash
        case .restore: return .restore
        case .create, .save, .followUp, .editChain, .goLive, .liveEntry, .endLive: throw BylineError.notFound
        }
    }

    // MARK: Helpers

    /// The form's content once both the form's reading and the newsroom's checks pass, every problem reported together.
    func checked(_ fields: ArticleForm) async throws -> (ArticleDocument, Date?) {
        let parsed = fields.parse()
        var problems = parsed.problems
        for problem in await newsroom.problems(with: parsed.document) where !problems.contains(where: { $0.field == problem.field }) {
            problems.append(problem)
        }
        guard problems.isEmpty else { throw BylineError.invalidFields(problems) }
        return (parsed.document, parsed.embargoUntil)
    }


    func editor(
        form: ArticleForm, draft: DraftArticle?, signed: SignIn.Signed, status: HTTPResponse.Status, messages: EditorMessages = EditorMessages()
    ) async throws -> Response {
        let tree = await site.sections.current()
        var article: EditorArticle?
        var pin: (position: Int, until: Date)?
        var live: LiveCoverage?
        if let draft {
            live = try await site.store.liveCoverage(draft.id, after: 0)
            article = EditorArticle(
                draft, audit: try await backend.auditLog(draft.id), chain: try await backend.draftChain(of: draft.id),
                mayEditChain: NewsroomPolicy.may(signed.user, .editChain, article: draft), live: live)
            pin = try await backend.topStoryPin(draft.id)
        }
        let now = site.clock.now
        let view = EditorPage(
            layout: site.adminLayout(title: draft.map { "편집: \($0.document.headline)" } ?? "새 기사", path: "/admin/articles"),
            user: UserBar(signed), form: form, sections: Self.sectionOptions(tree, selected: form.section), messages: messages,
            article: article, actions: EditorActions(draft, user: signed.user, live: live), pin: PinState(pin, now: now),
            editorScriptURL: site.assets.url("editor.js"),
            scheduleValue: messages.typedSchedule.isEmpty ? ArticleForm.localTime(now.addingTimeInterval(3600)) : messages.typedSchedule,
            photoLimit: photos.maximumMegabytes,
            missingAlt: draft?.document.photos.filter { $0.alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count ?? 0)
        return try AdminController.html(site.templates.render(view, template: "admin-editor"), status: status)
    }

    static func sectionOptions(_ tree: SectionTree, selected: String) -> [OptionView] {
        tree.depthFirst.compactMap { section, depth in
            tree.path(of: section.id).map { path in
                OptionView(
                    value: path.description, label: String(repeating: "— ", count: depth) + section.name,
                    selected: path.description == selected)
            }
        }
    }
}

extension WorkflowAction {
    /// The last segment of a step's address: `/admin/articles/{id}/publish`. Deleting and
    /// undeleting keep the names their buttons had (`restore` is a revision's).
    var pathSegment: String {
        switch self {
        case .trash: "delete"
        case .restore: "undelete"
        default: rawValue
        }
    }
}
