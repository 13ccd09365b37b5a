import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The Admin API (DESIGN §3): the newsroom's workflow as JSON, for tools and wire feeds.
///
/// A bearer token acts with its user's role. Bodies are the import format's article
/// JSON (snake_case); errors are problem+json with one entry per invalid field; a save
/// or PATCH must name the version it read (`version` or `If-Match`): 428 without one, 409
/// when someone saved since.
struct AdminAPIController: Sendable {
    static let bodyLimit = 1 << 20
    let site: SiteContext
    let newsroom: Newsroom
    let backend: any NewsroomBackend
    let photos: PhotoDesk

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/api/v1/admin/articles", use: list)
        routes.post("/api/v1/admin/articles", use: create)
        routes.get("/api/v1/admin/articles/:id", use: show)
        routes.patch("/api/v1/admin/articles/:id", use: patch)
        routes.post("/api/v1/admin/articles/:id/follow-up", use: followUp)
        routes.post("/api/v1/admin/articles/:id/live", use: startLive)
        routes.post("/api/v1/admin/articles/:id/live/entries", use: postLiveEntry)
        routes.post("/api/v1/admin/articles/:id/live/end", use: endLive)
        routes.post("/api/v1/admin/photos", use: uploadPhoto)
        routes.get("/api/v1/admin/photos/:photo", use: showPhoto)
        for action in [WorkflowAction.submit, .returnForRework, .publish, .schedule, .correct, .unpublish, .kill] {
            routes.post("/api/v1/admin/articles/:id/\(action.rawValue)") { request, context in
                try await self.step(action, request: request, context: context)
            }
        }
        return routes
    }

    func user(_ request: Request) async throws -> User {
        guard let hash = Self.bearerTokenHash(request), let user = try await backend.user(apiTokenHash: hash) else {
            throw BylineError.unauthorized
        }
        return user
    }

    /// The SHA-256 of the `Authorization: Bearer` token, as stores keep tokens and keys;
    /// `nil` when there is none or it cannot be one of ours (newsroom tokens and subscriber
    /// keys are 43 characters).
    static func bearerTokenHash(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              case let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces),
              (20...100).contains(token.utf8.count)
        else { return nil }
        return Credentials.tokenHash(token)
    }

    @Sendable func list(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try await user(request)
        let tree = await site.sections.current()
        var filter = DraftFilter()
        if let status = context.query["status"] {
            guard let parsed = ArticleStatus(rawValue: status) else {
                throw BylineError.invalidFields([FieldProblem(field: "status", message: "상태는 draft, inReview, scheduled, published, unpublished, killed 중 하나입니다.")])
            }
            filter.status = parsed
        }
        if let path = context.query["section"] {
            guard let section = SectionPath(path).flatMap(tree.section(at:)) else {
                throw BylineError.invalidFields([FieldProblem(field: "section", message: "섹션 '\(path)'이(가) 없습니다.")])
            }
            filter.sections = tree.subtree(of: section.id)
        }
        filter.reporterEmail = context.query["reporter"]
        filter.headline = context.query["q"]
        var limit = 20
        if let text = context.query["limit"] {
            guard let number = Int(text), (1...100).contains(number) else {
                throw BylineError.invalidFields([FieldProblem(field: "limit", message: "limit은 1~100 사이의 숫자입니다.")])
            }
            limit = number
        }
        var after: PageCursor?
        if let token = context.query["cursor"] {
            guard let cursor = PageCursor(token: token, kind: .time) else {
                throw BylineError.invalidFields([FieldProblem(field: "cursor", message: "cursor를 읽을 수 없습니다.")])
            }
            after = cursor
        }
        let page = try await backend.drafts(filter, page: PageRequest(after: after, limit: limit))
        let body = DraftList(
            articles: page.items.map { summary in
                DraftList.Item(
                    id: summary.id.rawValue, url: site.absolute(Links.article(summary.id)), headline: summary.headline,
                    status: summary.status.rawValue, authors: summary.authorNames, updatedAt: KoreanTime.iso8601(summary.updatedAt),
                    section: tree.path(of: summary.sectionID)?.description, publishedAt: summary.publishedAt.map(KoreanTime.iso8601))
            },
            nextCursor: page.next?.token,
            next: page.next.map { cursor -> String in
                var query = context.query.pairs.filter { $0.0 != "cursor" }.map { "\($0.0)=\(percentEncode($0.1))" }
                query.append("cursor=\(cursor.token)")
                return site.absolute("/api/v1/admin/articles?" + query.joined(separator: "&"))
            })
        return try Self.json(body, status: .ok)
    }

    @Sendable func show(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try await user(request)
        return try Self.json(await representation(try await newsroom.draft(try context.articleID())), status: .ok)
    }

    @Sendable func create(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let body = try await Self.body(ArticleRequest.self, of: request)
        let document = try await withLibraryPhotos(try Self.document(body.article))
        let id = try await newsroom.create(document, embargoUntil: try Self.embargo(body.embargoUntil), by: user)
        var response = try Self.json(await representation(try await newsroom.draft(id)), status: .created)
        response.headers[.location] = "/api/v1/admin/articles/\(id)"
        return response
    }

    @Sendable func patch(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try context.articleID()
        let patch = try await Self.body(ArticleRequest.self, of: request)
        let current = try await newsroom.draft(id)
        let version = try Self.version(readFrom: patch.version, ifMatch: request.headers[.ifMatch])
        guard let version else { throw BylineError.versionRequired }
        // The fields sent replace the current ones; the others stay as they are.
        let document = try await withLibraryPhotos(
            try Self.document(ArticleJSON(current.document).patched(with: patch.article, sent: patch.sent)))
        let embargo = patch.sent.contains("embargo_until") ? try Self.embargo(patch.embargoUntil) : current.embargoUntil
        try await newsroom.save(id, document, embargoUntil: embargo, version: version, by: user)
        return try Self.json(await representation(try await newsroom.draft(id)), status: .ok)
    }

    /// 후속 기사: the next version's draft, 201 with its `id`.
    @Sendable func followUp(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try await newsroom.followUp(try context.articleID(), by: user)
        var response = try Self.json(await representation(try await newsroom.draft(id)), status: .created)
        response.headers[.location] = "/api/v1/admin/articles/\(id)"
        return response
    }

    /// 라이브 시작: the article as JSON, with its `live` state.
    @Sendable func startLive(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try context.articleID()
        try await newsroom.startLive(id, by: user)
        return try Self.json(await representation(try await newsroom.draft(id)), status: .ok)
    }

    /// An entry: `{"kind": "text" | "quote" | "photo", "body", "source", "photo_url", "pinned"}`; 201 with it.
    @Sendable func postLiveEntry(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try context.articleID()
        let body = try await Self.body(LiveEntryRequest.self, of: request)
        guard let kind = LiveEntryKind(rawValue: body.kind ?? "text") else {
            throw BylineError.invalidFields([FieldProblem(field: "kind", message: "kind는 text, quote, photo 중 하나입니다.")])
        }
        let entry = try await newsroom.addLiveEntry(
            id, NewLiveEntry(kind: kind, body: body.body ?? "", source: body.source, photoURL: body.photoURL, isPinned: body.pinned ?? false),
            by: user)
        return try Self.json(LiveEntryBody(entry), status: .created)
    }

    /// 라이브 종료.
    @Sendable func endLive(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try context.articleID()
        try await newsroom.endLive(id, by: user)
        return try Self.json(await representation(try await newsroom.draft(id)), status: .ok)
    }

    func step(_ action: WorkflowAction, request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let id = try context.articleID()
        try await newsroom.perform(try await Self.step(action, request: request), on: id, by: user)
        return try Self.json(await representation(try await newsroom.draft(id)), status: .ok)
    }

    /// The step a call asks for, with what its JSON body says.
    static func step(_ action: WorkflowAction, request: Request) async throws -> WorkflowStep {
        switch action {
        case .submit: return .submit
        case .publish: return .publish
        case .unpublish: return .unpublish
        case .returnForRework: return .returnForRework(comment: try await body(StepRequest.self, of: request).comment ?? "")
        case .correct: return .correct(text: try await body(StepRequest.self, of: request).text ?? "")
        case .kill: return .kill(reason: try await body(StepRequest.self, of: request).reason ?? "")
        case .schedule:
            guard let text = try await body(StepRequest.self, of: request).scheduledAt, let time = RFC3339.date(from: text) else {
                throw BylineError.invalidFields([FieldProblem(field: "scheduled_at", message: "예약 시각을 RFC 3339로 보내 주세요 (예: 2026-11-25T18:00:00+09:00).")])
            }
            return .schedule(at: time)
        case .create, .save, .pin, .unpin, .trash, .restore, .followUp, .editChain, .goLive, .liveEntry, .endLive:
            throw BylineError.notFound
        }
    }

    func representation(_ draft: DraftArticle) async throws -> DraftBody {
        var article = ArticleJSON(draft.document)
        article.kind = nil
        return DraftBody(
            article: article, id: draft.id.rawValue, url: site.absolute(Links.article(draft.id)), status: draft.status.rawValue,
            version: draft.version, embargoUntil: draft.embargoUntil.map(KoreanTime.iso8601),
            updatedAt: KoreanTime.iso8601(draft.updatedAt), returnNote: draft.returnNote,
            corrections: draft.corrections.map {
                DraftBody.Correction(text: $0.text, at: KoreanTime.iso8601($0.at), editor: $0.editorName)
            },
            chain: APIChain(try await newsroom.chain(of: draft.id)))
    }

    /// The request body as `T`, within the size limit (413 beyond it); a field of the wrong
    /// type is named in the 400 answer.
    static func body<T: Decodable>(_ type: T.Type, of request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: bodyLimit)
        let bytes = Array(buffer.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw BylineError.invalidFields([FieldProblem(field: "body", message: "본문이 UTF-8이 아닙니다.")])
        }
        do {
            return try ExchangeDecoder.json(type, from: Data(bytes))
        } catch {
            let message = error.field == nil ? "본문은 JSON 객체여야 합니다." : error.message
            throw BylineError.invalidFields([FieldProblem(field: error.field ?? "body", message: message)])
        }
    }

    /// An article from its JSON, through the same checks as the import: the same fields, the same messages.
    static func document(_ json: ArticleJSON) throws -> ArticleDocument {
        var json = json
        json.publishedAt = nil
        do {
            return try ExchangeDecoder.article(json)
        } catch {
            throw BylineError.invalidFields([FieldProblem(field: error.field ?? "body", message: error.message)])
        }
    }

    /// The version the client read: `If-Match` or the body's `version`; `nil` when it sent neither.
    static func version(readFrom version: Int?, ifMatch: String?) throws -> Int? {
        if let ifMatch {
            guard let version = Int(ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
                throw BylineError.invalidFields([FieldProblem(field: "If-Match", message: "If-Match에는 기사의 version 숫자를 보내 주세요.")])
            }
            return version
        }
        return version
    }

    static func embargo(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.date(from: text) else {
            throw BylineError.invalidFields([FieldProblem(field: "embargo_until", message: "엠바고 시각을 RFC 3339로 보내 주세요.")])
        }
        return date
    }

    static func json(_ body: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
