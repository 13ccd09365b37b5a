import BylineCache
import Foundation
import Hummingbird
import Logging
import Synchronization

/// One log line per request: request id, client address, method, route template, status,
/// duration and cache outcome, written through the buffered `AccessLog` (`nil` when the log
/// level is above info). It sits outside the error boundary, so it sees every answer, errors
/// included. An incoming `X-Request-Id` is kept when it is sane (a proxy's id then follows
/// the request through), otherwise a new one is made.
struct RequestLogging: RouterMiddleware {
    typealias Context = BylineRequestContext
    static let metadataKey = "request_id"
    let metrics: SiteMetrics
    let log: AccessLog?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = request.headers[.requestID].flatMap(Self.sane) ?? Self.newID()
        var context = context
        context.logger[metadataKey: Self.metadataKey] = .string(id)
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = id
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath
        metrics.request(route: route ?? "unmatched", method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
        log?.record(
            id: id, client: context.clientAddress, method: request.method.rawValue, route: route ?? "-",
            status: Int(response.status.code), duration: elapsed, cache: response.headers[.xCache] ?? "-")
        return response
    }

    /// `12.34`: milliseconds to two places, without a formatter.
    static func milliseconds(_ duration: Duration) -> String {
        var bytes: [UInt8] = []
        writeMilliseconds(duration, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `milliseconds(duration)`'s bytes, as the request log writes them.
    static func writeMilliseconds(_ duration: Duration, into bytes: inout [UInt8]) {
        // Hundredths of a millisecond: 10^13 attoseconds each.
        let hundredths = max(0, duration.components.seconds * 100_000 + duration.components.attoseconds / 10_000_000_000_000)
        writeDecimal(hundredths / 100, into: &bytes)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(hundredths / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(hundredths % 10))
    }

    /// Appends a number's decimal digits: what `String(value)` gives a number not below zero.
    static func writeDecimal(_ value: Int64, into bytes: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = UInt64(max(0, value))
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Letters, digits, `-`, `_`, `.` and `:`, at most 64: safe in logs, headers and pages.
    static func sane(_ id: String) -> String? {
        guard (1...64).contains(id.utf8.count),
              id.utf8.allSatisfy({ byte in
                  (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                      || byte == 45 || byte == 95 || byte == 46 || byte == 58
              })
        else { return nil }
        return id
    }

    /// A random start, then one more per request: unique in the process and across restarts,
    /// without a system call for randomness on every request (it was a fifth of a cache hit's
    /// own work). An id names a request in the logs; it is no secret.
    static func newID() -> String {
        hex(nextID.add(1, ordering: .relaxed).newValue)
    }

    /// `String(value, radix: 16)`, written straight into the string's storage.
    static func hex(_ value: UInt64) -> String {
        let count = max(1, (64 - value.leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                let digit = UInt8(rest & 0xF)
                buffer[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                rest >>= 4
            }
            return count
        }
    }

    private static let nextID = Atomic<UInt64>(UInt64.random(in: 1 << 60 ..< 1 << 63))
}
