import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends bytes no well-behaved HTTP client would send (invalid UTF-8, NUL) and reads
/// the whole reply, for testing how the server copes with them.
enum RawHTTP {
    struct Failure: Error { let step: String }

    /// Runs the blocking socket calls on a dispatch thread: blocking a cooperative thread
    /// could starve the very server under test of the threads it needs to answer.
    static func send(_ bytes: [UInt8], port: Int) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(bytes, port: port) })
            }
        }
    }

    private static func exchange(_ bytes: [UInt8], port: Int) throws -> String {
        // Every request here ends with `Connection: close`: the wait ends when the server closes,
        // and the limit only stops a test that would hang; a loaded machine renders slowly.
        let socket = try connection(sending: bytes, port: port) { socket in
            var timeout = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        defer { close(socket) }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let received = recv(socket, &buffer, buffer.count, 0)
            if received <= 0 { break }
            reply += buffer[0..<received]
        }
        return String(decoding: reply, as: UTF8.self)
    }

    /// An answer read whole: its status, header fields (names in lower case) and body, a
    /// chunked one joined.
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
        /// A chunked body ended with its last chunk (not cut off by a closed connection).
        let isWhole: Bool
    }

    /// `GET path` on a connection of its own, read until the server closes it: a live
    /// coverage stream, whole once the coverage ends.
    static func get(_ path: String, headers: [String: String] = [:], port: Int) async throws -> Answer {
        let fields = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        let reply = try await send(Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(fields)\r\n".utf8), port: port)
        guard let split = reply.range(of: "\r\n\r\n") else { throw Failure(step: "head") }
        let lines = reply[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { throw Failure(step: "status") }
        var named: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            named[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(reply[split.upperBound...])
        var isWhole = true
        if named["transfer-encoding"] == "chunked" {
            var joined = Data()
            var rest = Data(body.utf8)
            isWhole = false
            while let end = rest.firstRange(of: Data("\r\n".utf8)),
                  let size = Int(String(decoding: rest[..<end.lowerBound], as: UTF8.self), radix: 16) {
                guard size > 0 else {
                    isWhole = true
                    break
                }
                let start = end.upperBound
                guard rest.count >= start - rest.startIndex + size else { break }
                joined.append(rest[start..<(start + size)])
                rest = Data(rest[(start + size)...].dropFirst(2))
            }
            body = String(decoding: joined, as: UTF8.self)
        }
        return Answer(status: status, headers: named, body: body, isWhole: isWhole)
    }

    /// A loopback connection to `port` that has sent `bytes`; `configure` sets the socket's
    /// options before it connects.
    private static func connection(sending bytes: [UInt8], port: Int, configure: (Int32) -> Void) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(step: "socket") }
        configure(socket)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(step: "connect")
        }
        guard bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            close(socket)
            throw Failure(step: "send")
        }
        return socket
    }

    /// A connection that sends a request and never reads its answer, with a receive buffer
    /// as small as the kernel allows, until it is closed.
    final class SilentReader {
        private let socket: Int32

        init(_ request: [UInt8], port: Int) throws {
            socket = try RawHTTP.connection(sending: request, port: port) { socket in
                var size: Int32 = 1024
                setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
        }

        func close() { Glibc.close(socket) }
    }
}
