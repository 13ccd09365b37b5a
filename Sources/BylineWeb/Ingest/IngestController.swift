import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The newsroom's 수신 pages: the queue of partners' items and each item with its
/// "기사로 쓰기" button, for everyone in the newsroom; the sources, their keys and feeds,
/// for admins.
struct IngestController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let backend: any NewsroomBackend
    let desk: WireDesk
    let poller: FeedPoller

    static let pageSize = 50

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin/ingest", use: queue)
        routes.get("/admin/ingest/:item", use: item)
        routes.post("/admin/ingest/:item/draft", use: writeUp)
        routes.get("/admin/sources", use: sources)
        routes.post("/admin/sources", use: createSource)
        routes.post("/admin/sources/:source/rotate", use: rotate)
        routes.post("/admin/sources/:source/revoke", use: revoke)
        routes.post("/admin/sources/:source/poll", use: poll)
        return routes
    }

    // MARK: The queue

    @Sendable func queue(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let sources = try await backend.sources()
        let chosen = try context.query["source"].flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let id = WireSourceID(text), sources.contains(where: { $0.id == id }) else {
                throw BylineError.invalidInput("그런 출처가 없습니다. 수신 목록에서 다시 골라 주세요.")
            }
            return id
        }
        let page = try context.query["page"].map { text in
            guard let page = Int(text), (1...10_000).contains(page) else { throw BylineError.invalidInput("쪽 번호가 올바르지 않습니다.") }
            return page
        } ?? 1
        let items = try await backend.incomingItems(source: chosen, offset: (page - 1) * Self.pageSize, limit: Self.pageSize + 1)
        let names = Dictionary(uniqueKeysWithValues: sources.map { ($0.id, $0.name) })
        func link(_ page: Int) -> String { "/admin/ingest?" + (chosen.map { "source=\($0)&" } ?? "") + "page=\(page)" }
        let view = IngestQueuePage(
            layout: site.adminLayout(title: "수신", path: "/admin/ingest"), user: UserBar(signed), notice: nil,
            choices: [OptionView(value: "", label: "모든 출처", selected: chosen == nil)]
                + sources.map { OptionView(value: String($0.id.rawValue), label: $0.name, selected: $0.id == chosen) },
            rows: items.prefix(Self.pageSize).map { IncomingRowView($0, sources: names) },
            previous: page > 1 ? link(page - 1) : nil, next: items.count > Self.pageSize ? link(page + 1) : nil)
        return AdminController.html(try site.templates.render(view, template: "admin-ingest"), status: .ok)
    }

    // MARK: One item

    @Sendable func item(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await itemPage(try context.signedIn(), try await stored(context), problems: [], status: .ok)
    }

    func itemPage(_ signed: SignIn.Signed, _ item: IncomingItem, problems: [FieldProblem], status: HTTPResponse.Status) async throws -> Response {
        let tree = await site.sections.current()
        let source = try await backend.source(item.source)?.name ?? "?"
        let view = IncomingItemPage(
            layout: site.adminLayout(title: "수신: \(item.content.headline)", path: "/admin/ingest"), user: UserBar(signed),
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }),
            incoming: IncomingDetailView(item, source: source),
            sections: tree.depthFirst.compactMap { entry in
                tree.path(of: entry.section.id).map {
                    OptionView(value: $0.description, label: String(repeating: "· ", count: entry.depth) + entry.section.name, selected: false)
                }
            })
        return AdminController.html(try site.templates.render(view, template: "admin-ingest-item"), status: status)
    }

    @Sendable func writeUp(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let item = try await stored(context)
        guard let section = form["section"].flatMap(SectionPath.init) else {
            return try await itemPage(signed, item, problems: [FieldProblem(field: "section", message: "섹션을 고르세요.")], status: .badRequest)
        }
        do {
            let (article, missing) = try await desk.writeUp(item.id, section: section, by: signed.user, libraryImage: Links.libraryImage)
            return AdminController.redirect(to: "/admin/articles/\(article)?wire=\(missing)")
        } catch BylineError.invalidFields(let problems) {
            return try await itemPage(signed, item, problems: problems.map { FieldProblem(field: "section", message: $0.message) }, status: .badRequest)
        } catch BylineError.invalidInput(let message) {
            return try await itemPage(signed, item, problems: [FieldProblem(field: "section", message: message)], status: .conflict)
        }
    }

    private func stored(_ context: BylineRequestContext) async throws -> IncomingItem {
        guard let id = context.parameters.get("item").flatMap(IncomingItemID.init), let item = try await backend.incomingItem(id) else {
            throw BylineError.notFound
        }
        return item
    }

    // MARK: Sources

    private func admin(_ context: BylineRequestContext) throws -> SignIn.Signed {
        let signed = try context.signedIn()
        guard signed.user.role.canManageNewsroom else { throw BylineError.forbidden("수신처는 관리자만 다룰 수 있습니다.") }
        return signed
    }

    private func adminForm(_ context: BylineRequestContext) throws -> (SignIn.Signed, FormBody) {
        let (signed, form) = try context.signedForm()
        guard signed.user.role.canManageNewsroom else { throw BylineError.forbidden("수신처는 관리자만 다룰 수 있습니다.") }
        return (signed, form)
    }

    @Sendable func sources(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await sourcesPage(try admin(context), notice: context.query["done"] != nil ? "저장했습니다." : nil)
    }

    func sourcesPage(
        _ signed: SignIn.Signed, problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok, notice: String? = nil,
        credentials: SourcesPage.Credentials? = nil
    ) async throws -> Response {
        let view = SourcesPage(
            layout: site.adminLayout(title: "수신처", path: "/admin/sources"), user: UserBar(signed), notice: notice,
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }),
            credentials: credentials, rows: try await backend.sources().map(SourceRowView.init))
        return AdminController.html(try site.templates.render(view, template: "admin-sources"), status: status)
    }

    @Sendable func createSource(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try adminForm(context)
        let feed = (form["feed_url"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let (name, feedURL) = try SourceRequest(name: form["name"] ?? "", feedURL: .some(feed.isEmpty ? nil : feed)).fields(over: nil)
            let key = Credentials.newToken()
            let source = try await backend.addSource(name: name, feedURL: feedURL, keyHash: Credentials.tokenHash(key), at: site.clock.now)
            return try await sourcesPage(signed, notice: "수신처를 추가했습니다.", credentials: .init(name: source.name, key: key))
        } catch BylineError.invalidFields(let problems) {
            return try await sourcesPage(signed, problems: problems.map { FieldProblem(field: "source", message: $0.message) }, status: .badRequest)
        } catch let refusal as StorageRefusal {
            return try await sourcesPage(signed, problems: [FieldProblem(field: "source", message: refusal.explanation)], status: .badRequest)
        }
    }

    @Sendable func rotate(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try adminForm(context)
        let source = try await storedSource(context)
        let key = Credentials.newToken()
        try await backend.rotateSourceKey(source.id, keyHash: Credentials.tokenHash(key))
        return try await sourcesPage(signed, notice: "새 키를 만들었습니다. 예전 키는 바로 막혔습니다.", credentials: .init(name: source.name, key: key))
    }

    @Sendable func revoke(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try adminForm(context)
        try await backend.revokeSource(try await storedSource(context).id, at: site.clock.now)
        return AdminController.redirect(to: "/admin/sources?done=1")
    }

    @Sendable func poll(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try adminForm(context)
        let source = try await storedSource(context)
        switch await poller.poll(source) {
        case .success(let count): return try await sourcesPage(signed, notice: "\(source.name) 피드를 읽었습니다: 새로 받거나 바뀐 항목 \(count)건.")
        case .failure(let failure):
            return try await sourcesPage(signed, problems: [FieldProblem(field: "source", message: "\(source.name) 피드를 읽지 못했습니다: \(failure.reason)")],
                                         status: .badGateway)
        }
    }

    private func storedSource(_ context: BylineRequestContext) async throws -> WireSource {
        guard let id = context.parameters.get("source").flatMap(WireSourceID.init), let source = try await backend.source(id) else {
            throw BylineError.notFound
        }
        return source
    }
}
