import BylineCore
@testable import BylinePostgres
import PostgresNIO
import Testing

/// A relevance search reads its ranges of ids on connections of their own, whose settings
/// are made as they connect rather than in a transaction around every range.
@Suite("PostgreSQL: the connections of a search's ranges")
struct PostgresSearchConnectionTests {
    @Test("they allow bitmap scans only, within a reader's time limit; the store's other connections keep the defaults")
    func settings() async throws {
        let store = try #require(try await StorageBackend.postgres.makeStore() as? PostgresNewsStore)
        func settings(_ client: PostgresClient) async throws -> [String] {
            try await client.withConnection { connection in
                let rows = try await connection.query("""
                    SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), current_setting('statement_timeout')
                    """, logger: store.logger)
                var values: [String] = []
                for try await (seqscan, indexscan, timeout) in rows.decode((String, String, String).self) {
                    values = [seqscan, indexscan, timeout]
                }
                return values
            }
        }
        #expect(try await settings(store.searchClient) == ["off", "off", "500ms"])
        #expect(try await settings(store.client) == ["on", "on", "5s"])
        await store.close()
    }
}
