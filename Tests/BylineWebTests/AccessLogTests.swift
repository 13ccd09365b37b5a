import Foundation
import Synchronization
import Testing
@testable import BylineWeb

@Suite("The request log")
struct AccessLogTests {
    @Test("lines are stamped in UTC to the millisecond and written in one batch")
    func batches() {
        let writes = Mutex<[String]>([])
        let log = AccessLog { bytes in writes.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        log.record(id: "a", client: "203.0.113.9", method: "GET", route: "/news/{id}", status: 200, duration: .microseconds(1_234), cache: "hit")
        log.record(id: "b", client: "203.0.113.9", method: "POST", route: "-", status: 404, duration: .seconds(2), cache: "-")
        #expect(writes.withLock { $0.isEmpty }, "nothing is written on the request's path")
        log.flush()
        let batch = writes.withLock { $0 }
        #expect(batch.count == 1)
        let lines = batch.first?.split(separator: "\n") ?? []
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix(
            "Z request request_id=a client=203.0.113.9 method=GET route=/news/{id} status=200 duration_ms=1.23 cache=hit") == true)
        #expect(lines.last?.hasSuffix(
            "Z request request_id=b client=203.0.113.9 method=POST route=- status=404 duration_ms=2000.00 cache=-") == true)
        #expect(lines.first?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z request .*/) != nil)
        log.flush()
        #expect(writes.withLock { $0.count } == 1, "an empty buffer writes nothing")
    }

    @Test("the time is formatted as ISO 8601 in UTC, milliseconds padded")
    func stamps() {
        let clock = LogClock()
        // Fractions a Double holds exactly, so that the test reads the formatting alone.
        #expect(clock.stamp(Date(timeIntervalSince1970: 1_796_272_351.0625)) == "2026-12-03T04:32:31.062Z")
        #expect(clock.stamp(Date(timeIntervalSince1970: 1_796_272_351.5)) == "2026-12-03T04:32:31.500Z")
        #expect(clock.stamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test("durations read as milliseconds to two places, long ones included")
    func durations() {
        #expect(RequestLogging.milliseconds(.microseconds(123)) == "0.12")
        #expect(RequestLogging.milliseconds(.milliseconds(5)) == "5.00")
        #expect(RequestLogging.milliseconds(.microseconds(12_345)) == "12.34")
        #expect(RequestLogging.milliseconds(.seconds(42)) == "42000.00")
        #expect(RequestLogging.milliseconds(.zero) == "0.00")
        #expect(RequestLogging.milliseconds(.microseconds(1_009)) == "1.00")
    }

    @Test("request ids and log numbers are written as String writes them")
    func numbers() {
        for value in [0, 1, 9, 10, 15, 16, 255, 0xabc, 1 << 60, UInt64.max - 1, UInt64.max] + (0..<50).map({ _ in UInt64.random(in: 0...UInt64.max) }) {
            #expect(RequestLogging.hex(value) == String(value, radix: 16))
            var bytes: [UInt8] = []
            RequestLogging.writeDecimal(Int64(truncatingIfNeeded: value >> 1), into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value >> 1))
        }
    }

    @Test("when the output cannot keep up, lines past the bound are dropped and counted, never waited for")
    func bounded() {
        let writes = Mutex<[String]>([])
        let log = AccessLog { bytes in writes.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        let route = String(repeating: "x", count: 1_000)
        for _ in 0..<(AccessLog.limit / 1_000 + 100) {
            log.record(id: "a", client: "203.0.113.9", method: "GET", route: route, status: 200, duration: .zero, cache: "-")
        }
        log.flush()
        let written = writes.withLock { $0.joined() }
        #expect(written.utf8.count <= AccessLog.limit + 200)
        #expect(written.contains("request_log dropped="))
    }
}
