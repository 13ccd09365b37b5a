import Foundation
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The request log, written the way nginx writes its access log: each request appends one
/// preformatted line to a buffer, and a background task writes the buffer out every 100 ms
/// in one call. A reader's request never waits for a write, and a busy server makes ten
/// writes a second instead of one per request (the general log flushes every line).
///
/// When the output cannot keep up (a blocked pipe), lines beyond 4 MB are dropped and
/// counted rather than held or waited for; the count is written with the next batch.
public final class AccessLog: Service, Sendable {
    public typealias Sink = @Sendable (_ bytes: [UInt8]) -> Void

    struct Pending {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    static let limit = 4 << 20
    private let pending = Mutex(Pending())
    private let sink: Sink
    private let interval: Duration
    private let clock = LogClock()

    /// `sink` receives whole lines, each ending in a newline.
    public init(interval: Duration = .milliseconds(100), sink: @escaping Sink) {
        self.interval = interval
        self.sink = sink
    }

    /// Lines to standard output, as the rest of the log.
    public static func standardOutput() -> AccessLog {
        AccessLog { bytes in
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = write(1, base + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// One answered request's line: `request_id=... client=... method=... route=...
    /// status=... duration_ms=... cache=...`. Its bytes are appended in place; string
    /// interpolation grew and copied a String field by field, a tenth of a cache hit.
    func record(
        id: String, client: String, method: String, route: String, status: Int, duration: Duration, cache: String
    ) {
        var line = LineBytes(clock: clock)
        line.append("request_id=")
        line.append(id)
        line.append(" client=")
        line.append(client)
        line.append(" method=")
        line.append(method)
        line.append(" route=")
        line.append(route)
        line.append(" status=")
        RequestLogging.writeDecimal(Int64(status), into: &line.bytes)
        line.append(" duration_ms=")
        RequestLogging.writeMilliseconds(duration, into: &line.bytes)
        line.append(" cache=")
        line.append(cache)
        append(line)
    }

    private func append(_ line: LineBytes) {
        pending.withLock { pending in
            guard pending.bytes.count + line.bytes.count + 1 <= Self.limit else {
                pending.dropped += 1
                return
            }
            pending.bytes.append(contentsOf: line.bytes)
            pending.bytes.append(UInt8(ascii: "\n"))
        }
    }

    /// A line's bytes, from its time stamp and the word `request` on.
    private struct LineBytes {
        var bytes: [UInt8] = []

        init(clock: LogClock) {
            bytes.reserveCapacity(224)
            clock.write(into: &bytes)
            append(" request ")
        }

        mutating func append(_ text: String) {
            // Through the contiguous bytes a native string has: a copy, where appending
            // `text.utf8` went element by element.
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    /// Writes out what is buffered now.
    public func flush() {
        let (bytes, dropped) = pending.withLock { pending in
            defer { pending = Pending() }
            return (pending.bytes, pending.dropped)
        }
        var out = bytes
        if dropped > 0 { out.append(contentsOf: "\(clock.stamp()) request_log dropped=\(dropped) reason=output_blocked\n".utf8) }
        if !out.isEmpty { sink(out) }
    }

    public func run() async throws {
        // Written out until shutdown, then once more, so that the last requests are not lost.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            flush()
        }
        flush()
    }
}

/// `2026-12-03T04:12:31.123Z`: the date and time are formatted once a second, the
/// milliseconds on each call.
final class LogClock: Sendable {
    private let seconds = EverySecond(LogClock.format)

    func stamp(_ date: Date = Date()) -> String {
        var bytes: [UInt8] = []
        write(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the stamp's bytes.
    func write(_ date: Date = Date(), into bytes: inout [UInt8]) {
        let seconds = date.timeIntervalSince1970
        let whole = Int(seconds.rounded(.down))
        let millis = min(999, Int((seconds - Double(whole)) * 1000))
        var text = self.seconds.value(at: whole)
        text.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(millis % 10))
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `2026-12-03T04:12:31`, in UTC.
    @Sendable
    static func format(_ second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}

/// A text that changes once a second (a log line's time, the `Date` header), made once per
/// second instead of on every request.
final class EverySecond<Value: Sendable>: Sendable {
    private let make: @Sendable (Int) -> Value
    private let cached: Mutex<(second: Int, value: Value?)>

    init(_ make: @escaping @Sendable (_ second: Int) -> Value) {
        self.make = make
        cached = Mutex((-1, nil))
    }

    /// The value for `second` (seconds since 1970).
    func value(at second: Int) -> Value {
        cached.withLock { cached in
            if cached.second == second, let value = cached.value { return value }
            let value = make(second)
            cached = (second, value)
            return value
        }
    }
}
