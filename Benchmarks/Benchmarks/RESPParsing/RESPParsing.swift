import Benchmark
import BylineRedis
import DemoFixtures
import Foundation
import NIOCore

/// `RESPParser` on the replies Byline's Redis client reads: a cached page from the shared
/// tier, the answers to saving one, a most-read ranking, and a batch of view counts.
let benchmarks: @Sendable () -> Void = {
    let pipeline = Fixture<ByteBuffer>()
    let reads = Fixture<[ByteBuffer]>()
    let viewCounts = ByteBuffer(bytes: Reply.viewCountBatch(articles: 70, commands: 1_000))

    // GET of a page, SET + SADD/EXPIRE per surrogate key, then ZUNIONSTORE, EXPIRE and
    // ZREVRANGE ... WITHSCORES for the ranking: everything in one read.
    Benchmark("RESP pipelined replies: page, save, ranking", configuration: .byline()) { benchmark in
        let buffer = try pipeline.get()
        for _ in benchmark.scaledIterations {
            var bytes = buffer
            blackHole(try parseAll(&bytes))
        }
    } setup: {
        pipeline.set(ByteBuffer(bytes: try await Reply.pagePipeline()))
    }

    // The same replies as the socket delivers them, 8 KB a read: the connection appends each
    // read to what it holds and parses again, so a page's bulk string is retried until complete.
    Benchmark("RESP pipelined replies in 8 KB reads", configuration: .byline()) { benchmark in
        let chunks = try reads.get()
        for _ in benchmark.scaledIterations {
            var held: ByteBuffer?
            var values = 0
            for var chunk in chunks {
                if held == nil { held = chunk } else { held?.writeBuffer(&chunk) }
                guard var bytes = held else { continue }
                values += try parseAll(&bytes)
                held = bytes.readableBytes == 0 ? nil : bytes
            }
            blackHole(values)
        }
    } setup: {
        let bytes = try await Reply.pagePipeline()
        reads.set(stride(from: 0, to: bytes.count, by: 8 << 10).map { start in
            ByteBuffer(bytes: bytes[start..<min(start + (8 << 10), bytes.count)])
        })
    }

    // RedisViewCounter's largest write: 1,000 ZINCRBY (each answered with the new score) and EXPIRE.
    Benchmark("RESP replies to a 1,000-command view-count batch", configuration: .byline()) { benchmark in
        for _ in benchmark.scaledIterations {
            var bytes = viewCounts
            blackHole(try parseAll(&bytes))
        }
    }
}

/// Parses every complete value, as RedisConnection.channelRead does; returns how many.
func parseAll(_ bytes: inout ByteBuffer) throws -> Int {
    let parser = RESPParser()
    var count = 0
    while let value = try parser.next(&bytes) {
        blackHole(value)
        count += 1
    }
    return count
}

/// Replies as a Redis server writes them.
enum Reply {
    static func simple(_ text: String) -> [UInt8] { Array("+\(text)\r\n".utf8) }
    static func integer(_ value: Int) -> [UInt8] { Array(":\(value)\r\n".utf8) }
    static func bulk(_ bytes: [UInt8]) -> [UInt8] { Array("$\(bytes.count)\r\n".utf8) + bytes + Array("\r\n".utf8) }
    static func bulk(_ text: String) -> [UInt8] { bulk(Array(text.utf8)) }
    static func array(_ elements: [[UInt8]]) -> [UInt8] { Array("*\(elements.count)\r\n".utf8) + elements.flatMap { $0 } }

    /// The replies to loading the longest demo article's page, saving it, and reading the
    /// day's ranking. The page is the reader site's own HTML, stored as RedisPageTier stores
    /// it: a header line of content type, render time and surrogate keys, then the body.
    static func pagePipeline() async throws -> [UInt8] {
        let corpus = try await DemoCorpus()
        let site = try await ReaderSite(corpus: corpus, cacheEnabled: false)
        let response = try await site.get("/news/\(try corpus.longestArticle().id)")
        await site.stop()
        let keys = ReaderSite.surrogateKeys(of: response)
        let renderedAt = Int64(DemoCorpus.now.timeIntervalSince1970 * 1000)
        let stored = Array("v1\ttext/html; charset=utf-8\t\(renderedAt)\t\(keys.joined(separator: " "))\n".utf8)
            + Array(response.body.readableBytesView)

        var replies = bulk(stored)
        replies += simple("OK")
        for _ in keys { replies += integer(1) + integer(1) }
        replies += integer(corpus.articles.count) + integer(1)
        let ranking = corpus.articles.prefix(12).enumerated().flatMap { rank, article in
            [bulk(String(article.id.rawValue)), bulk(String(400 - rank * 23))]
        }
        replies += array(ranking)
        return replies
    }

    /// New scores for `commands - 1` ZINCRBY over the demo article ids, then the EXPIRE.
    static func viewCountBatch(articles: Int, commands: Int) -> [UInt8] {
        var replies: [UInt8] = []
        for number in 0..<(commands - 1) {
            replies += bulk(String(number / articles + 1 + number % 7))
        }
        return replies + integer(1)
    }
}
