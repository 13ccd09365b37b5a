import BylineCore
@testable import BylinePostgres
import Foundation
import Testing

@Suite("PostgreSQL: the word pairs of search entries written before pairs were kept")
struct SearchPairsBackfillTests {
    @Test("pairs computed from the documents' positions find the same phrases as those written with the entries")
    func backfill() async throws {
        let location = try await StorageBackend.postgres.newDatabase()
        let newsroom = try await NewsroomFixture(store: StorageBackend.postgres.open(location))
        func publish(_ headline: String, _ body: String, minutes: Int) async throws {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: body, section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        for number in 0..<20 {
            try await publish("소식 \(number)", "예산 심의가 끝났다. 지원 확대가 논의됐다.", minutes: number)
        }
        try await publish("예산 확대 발표", "구청이 사업비를 늘린다.", minutes: 30)
        try await publish("구청 소식", "k리그 중계 예산. 확대 편성은 없다.", minutes: 40)
        func find(_ text: String) async throws -> Set<String> {
            let request = SearchRequest(query: try SearchQuery(text), page: PageRequest(limit: 20))
            return Set(try await newsroom.store.search(request, asOf: NewsroomFixture.noon.addingTimeInterval(3600)).items.map(\.headline))
        }
        #expect(try await find("\"예산 확대\"") == ["예산 확대 발표", "구청 소식"])
        #expect(try await find("k리그") == ["구청 소식"])

        // As an older build left them: no pairs. The phrases then find nothing, which shows
        // that they are read.
        try await StorageBackend.postgres.execute("UPDATE articleSearch SET pairs = ''", at: location)
        #expect(try await find("\"예산 확대\"") == [])
        try await StorageBackend.postgres.execute(SearchIndex.pairsFromPositions, at: location)
        #expect(try await find("\"예산 확대\"") == ["예산 확대 발표", "구청 소식"])
        #expect(try await find("k리그") == ["구청 소식"])
    }
}
