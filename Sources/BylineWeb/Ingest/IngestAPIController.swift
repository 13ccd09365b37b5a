import BylineAccounts
import BylineCore
import BylineIngest
import BylineNewsroom
import Foundation
import Hummingbird

/// Partners' items into the 수신 queue, `POST /api/v1/ingest`, with a source's key (or an
/// editor's token naming the source in `?source=`); and sources through the Admin API, for
/// admins: create (the 201 shows `api_key` once), list, change, rotate the key, revoke.
struct IngestAPIController: Sendable {
    let site: SiteContext
    let backend: any NewsroomBackend
    let desk: WireDesk
    let admin: AdminAPIController

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.post("/api/v1/ingest", use: ingest)
        routes.refuseAllButPost(RouterPath("/api/v1/ingest"))
        routes.get("/api/v1/admin/sources", use: sources)
        routes.post("/api/v1/admin/sources", use: createSource)
        routes.get("/api/v1/admin/sources/:source", use: source)
        routes.patch("/api/v1/admin/sources/:source", use: changeSource)
        routes.delete("/api/v1/admin/sources/:source", use: revokeSource)
        routes.post("/api/v1/admin/sources/:source/rotate", use: rotateKey)
        return routes
    }

    // MARK: Ingest

    @Sendable func ingest(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let source = try await sender(request, context: context)
        let kind: IncomingDecoder.Kind
        let bytes: [UInt8]
        do {
            kind = try IncomingDecoder.kind(contentType: request.headers[.contentType])
            do {
                bytes = Array(try await request.body.collect(upTo: IncomingDecoder.maximumBytes).readableBytesView)
            } catch {
                throw IngestProblem.tooLarge(limit: IncomingDecoder.maximumBytes)
            }
        } catch let problem as IngestProblem {
            desk.refused(problem, from: source, via: "api", bytes: 0)
            throw problem
        }
        let kept = try await desk.receive(bytes, kind: kind, from: source, via: "api")
        struct Receipt: Encodable {
            let id: Int64
            let guid: String
            let version: Int
            let outcome: String
        }
        struct Receipts: Encodable { let items: [Receipt] }
        let receipts = kept.map { Receipt(id: $0.0.id.rawValue, guid: $0.0.content.guid, version: $0.0.version, outcome: $0.1.rawValue) }
        return try AdminAPIController.json(Receipts(items: receipts), status: kept.contains { $0.1 == .created } ? .created : .ok)
    }

    /// The source sending: the one whose key this is, or for an editor's token the one
    /// `?source=` names.
    func sender(_ request: Request, context: BylineRequestContext) async throws -> WireSource {
        guard let hash = AdminAPIController.bearerTokenHash(request) else { throw BylineError.unauthorized }
        if let source = try await backend.source(keyHash: hash) { return source }
        let user = try await admin.user(request)
        guard user.role.canPublish else { throw BylineError.forbidden("수신 항목은 출처의 키나 데스크(편집자) 토큰으로만 보낼 수 있습니다.") }
        guard let text = context.query["source"] else {
            throw BylineError.invalidFields([FieldProblem(field: "source", message: "편집자 토큰으로 보낼 때는 ?source=에 출처 번호를 써 주세요.")])
        }
        guard let id = WireSourceID(text), let source = try await backend.source(id), source.revokedAt == nil else {
            throw BylineError.invalidFields([FieldProblem(field: "source", message: "그런 출처가 없습니다: \(text)")])
        }
        return source
    }

    // MARK: Sources

    func authorize(_ request: Request) async throws {
        let user = try await admin.user(request)
        guard user.role.canManageNewsroom else { throw BylineError.forbidden("수신처는 관리자만 다룰 수 있습니다.") }
    }

    @Sendable func sources(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        struct Sources: Encodable { let sources: [SourceBody] }
        return try AdminAPIController.json(Sources(sources: try await backend.sources().map { SourceBody($0) }), status: .ok)
    }

    @Sendable func source(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        return try AdminAPIController.json(SourceBody(try await stored(context)), status: .ok)
    }

    @Sendable func createSource(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let body = try await AdminAPIController.body(SourceRequest.self, of: request)
        let (name, feed) = try body.fields(over: nil)
        let key = Credentials.newToken()
        let source = try await backend.addSource(name: name, feedURL: feed, keyHash: Credentials.tokenHash(key), at: site.clock.now)
        var response = try AdminAPIController.json(SourceBody(source, apiKey: key), status: .created)
        response.headers[.location] = "/api/v1/admin/sources/\(source.id)"
        return response
    }

    @Sendable func changeSource(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let stored = try await stored(context)
        let body = try await AdminAPIController.body(SourceRequest.self, of: request)
        let (name, feed) = try body.fields(over: stored)
        return try AdminAPIController.json(SourceBody(try await backend.updateSource(stored.id, name: name, feedURL: feed)), status: .ok)
    }

    @Sendable func revokeSource(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        try await backend.revokeSource(try await stored(context).id, at: site.clock.now)
        return Response(status: .noContent)
    }

    @Sendable func rotateKey(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let source = try await stored(context)
        let key = Credentials.newToken()
        try await backend.rotateSourceKey(source.id, keyHash: Credentials.tokenHash(key))
        return try AdminAPIController.json(SourceBody(try await self.stored(context), apiKey: key), status: .ok)
    }

    private func stored(_ context: BylineRequestContext) async throws -> WireSource {
        guard let id = context.parameters.get("source").flatMap(WireSourceID.init), let source = try await backend.source(id) else {
            throw BylineError.notFound
        }
        return source
    }
}

/// A source as the Admin API shows it; `api_key` only when made or rotated.
struct SourceBody: Encodable {
    let id: Int64
    let name: String
    let feedURL: String?
    let createdAt: String
    let revokedAt: String?
    let polledAt: String?
    let pollError: String?
    let apiKey: String?

    enum CodingKeys: String, CodingKey {
        case id, name, feedURL = "feed_url", createdAt = "created_at", revokedAt = "revoked_at", polledAt = "polled_at"
        case pollError = "poll_error", apiKey = "api_key"
    }

    init(_ source: WireSource, apiKey: String? = nil) {
        id = source.id.rawValue
        name = source.name
        feedURL = source.feedURL
        createdAt = KoreanTime.iso8601(source.createdAt)
        revokedAt = source.revokedAt.map(KoreanTime.iso8601)
        polledAt = source.polledAt.map(KoreanTime.iso8601)
        pollError = source.pollError
        self.apiKey = apiKey
    }
}

/// A source as an admin sends it: `name`, and `feed_url` (null for none) to poll.
struct SourceRequest: Decodable {
    var name: String?
    /// Absent: unchanged; null: no feed.
    var feedURL: String??

    enum CodingKeys: String, CodingKey {
        case name, feedURL = "feed_url"
    }

    init(name: String?, feedURL: String??) {
        self.name = name
        self.feedURL = feedURL
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        feedURL = container.contains(.feedURL) ? .some(try container.decodeIfPresent(String.self, forKey: .feedURL)) : nil
    }

    /// The name and feed to keep, checked: over `stored` for a change.
    func fields(over stored: WireSource?) throws -> (name: String, feed: String?) {
        var problems: [FieldProblem] = []
        let name = (self.name ?? stored?.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 60 || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(FieldProblem(field: "name", message: "출처 이름을 1~60자로 써 주세요."))
        }
        let feed = (feedURL ?? stored?.feedURL).flatMap { $0?.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let feed, !Self.isFeedAddress(feed) {
            problems.append(FieldProblem(field: "feed_url", message: "피드 주소는 http:// 또는 https://로 시작해야 합니다."))
        }
        guard problems.isEmpty else { throw BylineError.invalidFields(problems) }
        return (name, feed)
    }

    static func isFeedAddress(_ text: String) -> Bool {
        guard text.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return false }
        return scheme == "http" || scheme == "https"
    }
}
