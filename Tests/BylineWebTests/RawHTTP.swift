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
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(step: "socket") }
        defer { close(socket) }
        // Every request here ends with `Connection: close`: the wait ends when the server closes,
        // and the limit only stops a test that would hang; a loaded machine renders slowly.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(step: "connect") }
        guard bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw Failure(step: "send")
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let received = recv(socket, &buffer, buffer.count, 0)
            if received <= 0 { break }
            reply += buffer[0..<received]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
