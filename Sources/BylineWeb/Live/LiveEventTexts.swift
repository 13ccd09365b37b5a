import BylineCore
import BylineNewsroom
import NIOCore
import Synchronization

/// Each entry's event as a chunk of the stream, made once for every reader of this node
/// instead of once per reader: 10,000 readers of one article had the same entry rendered
/// 10,000 times.
final class LiveEventTexts: Sendable {
    private struct Key: Hashable {
        let article: ArticleID
        let sequence: Int64
    }

    /// Enough for the changes of one poll on every article live at once.
    static let limit = 256
    private let chunks = Mutex<[Key: ByteBuffer]>([:])

    func chunk(of entry: LiveEntry, in article: ArticleID) -> ByteBuffer {
        let key = Key(article: article, sequence: entry.sequence)
        if let chunk = chunks.withLock({ $0[key] }) { return chunk }
        let chunk = LiveStreams.chunk(LiveStreams.text(.entry(entry), sequence: entry.sequence))
        chunks.withLock { chunks in
            if chunks.count >= Self.limit { chunks.removeAll(keepingCapacity: true) }
            chunks[key] = chunk
        }
        return chunk
    }
}
