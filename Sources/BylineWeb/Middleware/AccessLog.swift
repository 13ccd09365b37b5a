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

    /// Appends `fields` as one line, after the time and the word `request`.
    func record(_ fields: String) {
        var line = clock.stamp()
        line += " request "
        line += fields
        line += "\n"
        pending.withLock { pending in
            guard pending.bytes.count + line.utf8.count <= Self.limit else {
                pending.dropped += 1
                return
            }
            pending.bytes.append(contentsOf: line.utf8)
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
        let seconds = date.timeIntervalSince1970
        let whole = Int(seconds.rounded(.down))
        let millis = min(999, Int((seconds - Double(whole)) * 1000))
        let prefix = self.seconds.text(at: whole)
        let digits = String(millis)
        return prefix + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
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
final class EverySecond: Sendable {
    private let format: @Sendable (Int) -> String
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    init(_ format: @escaping @Sendable (_ second: Int) -> String) {
        self.format = format
    }

    /// The text for `second` (seconds since 1970).
    func text(at second: Int) -> String {
        cached.withLock { cached in
            if cached.second != second { cached = (second, format(second)) }
            return cached.text
        }
    }
}
