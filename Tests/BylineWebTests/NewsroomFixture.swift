import BylineAccounts
import BylineCore
import BylineMedia
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// The web fixture plus a newsroom: a reporter (who is also the fixture's reporter 홍길동),
/// an editor and an admin, a clock the test moves, and helpers to sign in and post forms.
struct NewsroomWebFixture {
    static let password = "마감-십분-전-원고"
    let web: WebFixture
    let site: BylineSite
    let reporter: User
    let editor: User
    let admin: User

    init(
        templates: Templates? = nil, rendersPhotos: Bool = true, photos: PhotoProcessor = PhotoProcessor(), cacheEnabled: Bool = true
    ) async throws {
        web = try await WebFixture(fillerArticles: 2)
        let hash = Credentials.hashPassword(Self.password)
        reporter = try await web.accounts.addUser(NewUser(email: "gildong@byline.test", name: "홍길동", role: .reporter, passwordHash: hash), at: WebFixture.now)
        editor = try await web.accounts.addUser(NewUser(email: "editor@byline.test", name: "박편집", role: .editor, passwordHash: hash), at: WebFixture.now)
        admin = try await web.accounts.addUser(NewUser(email: "admin@byline.test", name: "최관리", role: .admin, passwordHash: hash), at: WebFixture.now)
        let clockSource = ClockSource()
        self.clockSource = clockSource
        let templates = if let templates { templates } else { try await Templates.load() }
        var configuration = WebConfiguration(port: 0, mediaDirectory: web.directory.appendingPathComponent("media"))
        configuration.rendersPhotos = rendersPhotos
        configuration.photos = photos
        configuration.cacheEnabled = cacheEnabled
        // The tests of the wire drive fan-out and deliveries themselves, step by step; the
        // service running beside them in the background would race them.
        configuration.pushesToWebhooks = false
        // The partners of the ingest tests serve their photos on loopback.
        configuration.wirePhotosFromPrivateNetworks = true
        site = try await BylineSite(
            configuration: configuration,
            store: web.store, newsroom: web.accounts, clock: NewsClock { clockSource.now }, templates: templates)
    }

    let clockSource: ClockSource

    var now: Date { clockSource.now }
    func advance(_ seconds: TimeInterval) { clockSource.advance(seconds) }

    /// Signs in through the form; returns the session cookie and the session's CSRF token.
    func signIn(_ client: some TestClientProtocol, as user: User) async throws -> Session {
        try await client.signIn(email: user.email, password: Self.password)
    }

    typealias Session = NewsroomSession

    /// Posts a form as a signed-in person, the CSRF token added.
    func post(
        _ client: some TestClientProtocol, _ uri: String, _ fields: [String: String], as session: Session
    ) async throws -> TestResponse {
        try await client.post(uri, fields, as: session)
    }

    func get(_ client: some TestClientProtocol, _ uri: String, as session: Session) async throws -> TestResponse {
        try await client.get(uri, as: session)
    }

    static let articleFields: [String: String] = [
        "headline": "마포구 새 도서관 문 연다", "subheadlines": "주민 공모로 이름 지어\n열람석 300석",
        "body": "마포구가 새 구립 도서관을 연다.\n\n개관 기념 행사는 주말에 열린다.", "section": "society/seoul",
        "authors": "gildong@byline.test", "tags": "도서관\n마포", "dateline": "서울",
    ]

    static func id(fromLocation response: TestResponse) -> ArticleID? {
        response.headers[.location]?.firstMatch(of: /\/admin\/articles\/(\d+)/).flatMap { ArticleID(String($0.1)) }
    }
}

/// A clock the tests move by hand.
final class ClockSource: Sendable {
    private let time = Mutex(WebFixture.now)
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
