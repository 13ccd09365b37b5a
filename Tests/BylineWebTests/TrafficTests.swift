import BylineCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineWeb

/// Site-wide traffic as the dashboard will read it: counted with each read, written in
/// batches, nothing about the reader kept but the kind of host they came from.
@Suite("Traffic counting")
struct TrafficTests {
    @Test("reads are counted per minute and by where they came from, and written with the view counts")
    func counted() async throws {
        let newsroom = try await NewsroomWebFixture()
        let lead = newsroom.web.leadID
        try await newsroom.site.application().test(.router) { client in
            for referer in ["https://www.google.co.kr/", "https://www.google.com/search?q=x", nil] {
                let headers: HTTPFields = referer.map { [.referer: $0] } ?? [:]
                let response = try await client.execute(uri: "/news/\(lead)", method: .get, headers: headers)
                #expect(response.status == .ok)
            }
        }
        await newsroom.site.views.flush()
        let now = newsroom.now
        let store = newsroom.web.store
        #expect(try await store.referrers(hours: viewHour(of: now)..<(viewHour(of: now) + 1)) == [.google: 2, .direct: 1])
        let minute = Traffic.minute(of: now)
        #expect(try await store.views(minutes: (minute - 5)..<(minute + 1)) == 3)
    }
}
