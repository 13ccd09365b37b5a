import BylineCore
import BylineSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// A reader site on a real SQLite file with a small newsroom written for these tests,
/// at a fixed "now": 2024-10-10T09:00:00Z, 18:00 in Seoul.
struct WebFixture {
    static let now = Date(timeIntervalSince1970: 1_728_550_800)
    /// 16:23 in Seoul.
    static let leadPublished = Date(timeIntervalSince1970: 1_728_544_980)

    let store: any NewsStore
    let accounts: any NewsroomBackend
    let directory: URL
    let leadID: ArticleID
    let secondID: ArticleID
    let futureID: ArticleID

    init(fillerArticles: Int = 24) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("media"), withIntermediateDirectories: true)
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: directory.appendingPathComponent("media/test-photo.svg"))
        let store = try SQLiteNewsStore(path: directory.appendingPathComponent("byline.sqlite").path)
        self.store = store
        self.accounts = store

        for (path, name) in [("society", "사회"), ("society/seoul", "서울시"), ("economy", "경제")] {
            _ = try await store.createSection(NewSection(path: SectionPath(path)!, name: name))
        }
        _ = try await store.addReporter(NewReporter(name: "홍길동", email: "gildong@byline.test", beat: "서울시청을 취재합니다."))
        _ = try await store.addReporter(NewReporter(name: "김하늘", email: "haneul@byline.test"))

        leadID = try await store.publish(NewArticle(
            headline: "서울시, 한강 야간 수영장 개장",
            subheadlines: ["여의도·뚝섬 두 곳 밤 10시까지", "입장료는 낮 시간과 같아"],
            body: "서울시가 한강 야간 수영장을 연다고 밝혔다.\n\n운영 시간은 오후 7시부터 10시까지다.\n\n> 시민 반응이 좋다\n\n시는 안전요원을 늘릴 계획이다.",
            section: SectionPath("society/seoul")!, authorEmails: ["gildong@byline.test"],
            tags: [Tag("서울")!, Tag("여름 휴가")!], dateline: Dateline(city: "서울"), isBreaking: true,
            photos: [NewPhoto(
                url: "/media/test-photo.svg", caption: "시민들이 야간 수영장에서 물놀이를 하고 있다.", alt: "야간 수영장 풍경",
                photographerEmail: "haneul@byline.test", takenAt: Self.leadPublished, width: 1200, height: 675)],
            publishedAt: Self.leadPublished))

        secondID = try await store.publish(NewArticle(
            headline: "기준금리 동결 전망 우세", body: "시장에서는 금리 동결을 점치고 있다.",
            section: SectionPath("economy")!, authorEmails: ["haneul@byline.test"], tags: [Tag("서울")!],
            dateline: Dateline(city: "세종"),
            photos: [NewPhoto(url: "/media/test-photo.svg", caption: "회의장 모습.", alt: "회의장", photographerEmail: nil,
                              credit: "기획재정부 제공", takenAt: Self.leadPublished, width: 1200, height: 675)],
            publishedAt: Self.leadPublished.addingTimeInterval(-8400)))

        for number in 0..<fillerArticles {
            _ = try await store.publish(NewArticle(
                headline: "단신 \(number)", body: "단신 본문 \(number).", section: SectionPath("society")!,
                authorEmails: ["gildong@byline.test"], publishedAt: Self.leadPublished.addingTimeInterval(Double(-600 * (number + 20)))))
        }

        futureID = try await store.publish(NewArticle(
            headline: "아직 공개되지 않은 엠바고 기사", body: "엠바고 본문.", section: SectionPath("economy")!,
            authorEmails: ["haneul@byline.test"], tags: [Tag("엠바고")!], isBreaking: true,
            publishedAt: Self.now.addingTimeInterval(3600)))

        try await store.recordViews([secondID: 30, leadID: 10], at: Self.now)
    }

    func application() async throws -> some ApplicationProtocol {
        try await buildApplication(
            configuration: WebConfiguration(host: "127.0.0.1", port: 0, mediaDirectory: directory.appendingPathComponent("media")),
            store: store, newsroom: accounts, clock: .fixed(Self.now))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// What no reader may ever see: framework and language internals, paths, SQL.
let internalMarkers = [
    "Swift", ".swift", "BylineError", "StorageError", "HTTPError", "SQLite", "SELECT", "/work/", "/tmp/",
    "Stack trace", "Fatal", "Optional(", "PSQL", "PostgresNIO",
]

func expectNothingInternal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for marker in internalMarkers {
        #expect(!text.contains(marker), "response leaks \(marker)", sourceLocation: sourceLocation)
    }
}

func count(_ needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
