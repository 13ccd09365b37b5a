import BylineCore
import Foundation

/// A small newsroom written for the contract tests: 사회 > 서울시, 경제, two reporters.
struct NewsroomFixture {
    let store: any NewsStore & NewsroomBackend
    /// 2024-10-10T07:23:00Z, 16:23 in Seoul.
    static let noon = Date(timeIntervalSince1970: 1_728_544_980)

    static let reporterA = NewReporter(name: "홍길동", email: "gildong@byline.test", beat: "서울시 담당")
    static let reporterB = NewReporter(name: "김하늘", email: "haneul@byline.test", beat: "경제 담당")

    init(store: any NewsStore & NewsroomBackend) async throws {
        self.store = store
        for (path, name) in [("society", "사회"), ("society/seoul", "서울시"), ("economy", "경제")] {
            _ = try await store.createSection(NewSection(path: SectionPath(path)!, name: name))
        }
        _ = try await store.addReporter(Self.reporterA)
        _ = try await store.addReporter(Self.reporterB)
    }

    /// Publishes a plain article `minutes` after `noon` (negative: before).
    @discardableResult
    func publish(
        _ headline: String, minutes: Int = 0, section: String = "society/seoul", tags: [String] = [],
        breaking: Bool = false, authors: [String] = [reporterA.email], photos: Int = 0
    ) async throws -> ArticleID {
        try await store.publish(Self.article(
            headline, minutes: minutes, section: section, tags: tags, breaking: breaking, authors: authors, photos: photos))
    }

    /// The content `publish` stores, for tests that write it some other way.
    static func article(
        _ headline: String, minutes: Int = 0, section: String = "society/seoul", tags: [String] = [],
        breaking: Bool = false, authors: [String] = [reporterA.email], photos: Int = 0
    ) -> NewArticle {
        let at = noon.addingTimeInterval(Double(minutes) * 60)
        return NewArticle(
            headline: headline, subheadlines: ["\(headline) 부제"], body: "\(headline) 본문 첫 문단.\n\n둘째 문단.",
            section: SectionPath(section)!, authorEmails: authors, tags: tags.compactMap(Tag.init),
            dateline: Dateline(city: "서울"), isBreaking: breaking,
            photos: (0..<photos).map {
                NewPhoto(url: "/media/p\($0).svg", caption: "사진 설명 \($0)", alt: "대체 텍스트 \($0)",
                         photographerEmail: reporterB.email, takenAt: at, width: 1200, height: 675)
            },
            publishedAt: at)
    }

    /// Reads every page of a list by following cursors.
    func allPages(_ listing: ArticleListing, limit: Int, asOf now: Date) async throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: PageCursor?
        repeat {
            let page = try await store.articles(listing, page: PageRequest(after: cursor, limit: limit), asOf: now)
            pages.append(page.items.map(\.headline))
            cursor = page.next
        } while cursor != nil && pages.count < 100
        return pages
    }
}
