import Foundation
import Hummingbird
import NIOPosix
import Synchronization

/// Photo renditions kept in memory once read, up to a total size, oldest dropped first.
/// Their names carry a content hash and files are never rewritten, so a kept copy never goes
/// stale; served from memory, a rendition costs what a static asset does, where reading it
/// from disk on every request served about a third as many.
final class RenditionMemory: Sendable {
    private struct Kept {
        var files: [String: ByteBuffer] = [:]
        /// Names, oldest first.
        var order: [String] = []
        var bytes = 0
    }

    private let kept = Mutex(Kept())
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// The file's bytes, from memory or read from `directory` (off the request's thread).
    func file(_ name: String, in directory: URL) async throws -> ByteBuffer {
        if let buffer = kept.withLock({ $0.files[name] }) { return buffer }
        let url = directory.appendingPathComponent(name)
        let data = try await NIOThreadPool.singleton.runIfActive { try Data(contentsOf: url) }
        let buffer = ByteBuffer(bytes: data)
        keep(name, buffer)
        return buffer
    }

    private func keep(_ name: String, _ buffer: ByteBuffer) {
        // One very large file must not push out everything else.
        guard buffer.readableBytes <= limit / 16 else { return }
        kept.withLock { kept in
            guard kept.files.updateValue(buffer, forKey: name) == nil else { return }
            kept.order.append(name)
            kept.bytes += buffer.readableBytes
            while kept.bytes > limit, !kept.order.isEmpty {
                kept.bytes -= kept.files.removeValue(forKey: kept.order.removeFirst())?.readableBytes ?? 0
            }
        }
    }
}
