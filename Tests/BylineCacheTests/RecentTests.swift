import BylineCache
import Foundation
import Synchronization
import Testing

@Suite("Blocks kept for one content generation")
struct RecentTests {
    /// Counts the reads, so each expectation says whether the value came from the store.
    final class Reads: Sendable {
        let count = Mutex(0)
        func read() -> Int { count.withLock { $0 += 1; return $0 } }
    }

    let now = Date(timeIntervalSince1970: 1_728_544_980)

    @Test("a value is read once per generation, again after a change, and again when the news clock moves on")
    func generations() async {
        let generation = ContentGeneration()
        let recent = Recent<Int>(generation, maxAge: .seconds(60))
        let reads = Reads()
        #expect(await recent.value(asOf: now) { reads.read() } == 1)
        #expect(await recent.value(asOf: now.addingTimeInterval(1)) { reads.read() } == 1)
        generation.advance()
        #expect(await recent.value(asOf: now) { reads.read() } == 2)
        #expect(await recent.value(asOf: now) { reads.read() } == 2)
        // A clock moved past the age (an embargo lifting without a write) reads again.
        #expect(await recent.value(asOf: now.addingTimeInterval(61)) { reads.read() } == 3)
    }

    @Test("a value is never older than its age, and a read that failed keeps nothing")
    func age() async throws {
        let recent = Recent<Int>(ContentGeneration(), maxAge: .milliseconds(50))
        let reads = Reads()
        #expect(await recent.value(asOf: now) { reads.read() } == 1)
        try await Task.sleep(for: .milliseconds(80))
        #expect(await recent.value(asOf: now) { reads.read() } == 2)

        struct Outage: Error {}
        let failing = Recent<Int>(ContentGeneration(), maxAge: .seconds(60))
        await #expect(throws: Outage.self) { try await failing.value(asOf: now) { throw Outage() } }
        #expect(await failing.value(asOf: now) { reads.read() } == 3)
    }

    @Test("a value read while the content changed is read again next time")
    func changedDuringRead() async {
        let generation = ContentGeneration()
        let recent = Recent<Int>(generation, maxAge: .seconds(60))
        let reads = Reads()
        #expect(await recent.value(asOf: now) { generation.advance(); return reads.read() } == 1)
        #expect(await recent.value(asOf: now) { reads.read() } == 2)
        #expect(await recent.value(asOf: now) { reads.read() } == 2)
    }
}
