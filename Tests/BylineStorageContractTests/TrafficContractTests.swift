import BylineCore
import Foundation
import Testing

/// Site-wide traffic for the dashboard, on every backend.
@Suite("Storage contract: traffic")
struct TrafficContractTests {
    @Test("views per minute and referrers per hour add up across writes (as several nodes write them); old minutes go",
          arguments: StorageBackend.allCases)
    func traffic(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let noon = NewsroomFixture.noon
        let minute = Traffic.minute(of: noon)
        var first = Traffic()
        first.add(at: noon, from: .naver, count: 3)
        first.add(at: noon.addingTimeInterval(-3600), from: .google)
        var second = Traffic()
        second.add(at: noon, from: .naver)
        second.add(at: noon.addingTimeInterval(60), from: .direct, count: 2)
        try await store.recordTraffic(first)
        try await store.recordTraffic(second)
        #expect(try await store.views(minutes: minute..<(minute + 2)) == 6)
        #expect(try await store.views(minutes: minute..<(minute + 1)) == 4)
        #expect(try await store.views(minutes: (minute - 60)..<minute) == 1)
        let hour = viewHour(of: noon)
        #expect(try await store.referrers(hours: hour..<(hour + 1)) == [.naver: 4, .direct: 2])
        #expect(try await store.referrers(hours: (hour - 1)..<(hour + 1)) == [.naver: 4, .direct: 2, .google: 1])

        var dayLater = Traffic()
        dayLater.add(at: noon.addingTimeInterval(86_400 + 120), from: .social)
        try await store.recordTraffic(dayLater)
        #expect(try await store.views(minutes: (minute - 60)..<(minute + 2)) == 0, "minutes over a day old are dropped")
        #expect(try await store.referrers(hours: (hour - 1)..<(hour + 1)) == [.naver: 4, .direct: 2, .google: 1], "hours stay")
    }
}
