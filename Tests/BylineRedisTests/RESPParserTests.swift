import BylineRedis
import NIOCore
import Testing

@Suite("RESP parser")
struct RESPParserTests {
    static let sample = Array("*5\r\n+OK\r\n-ERR wrong type\r\n:-42\r\n$3\r\n서\r\n*2\r\n$-1\r\n*-1\r\n".utf8)
    static let expected: RESPValue = .array([
        .simpleString("OK"), .error("ERR wrong type"), .integer(-42), .bulkString(Array("서".utf8)),
        .array([.bulkString(nil), .array(nil)]),
    ])

    @Test("every RESP2 type parses, nested")
    func whole() throws {
        var buffer = ByteBuffer(bytes: Self.sample)
        #expect(try RESPParser().next(&buffer) == Self.expected)
        #expect(buffer.readableBytes == 0)
    }

    @Test("a reply split at every byte boundary parses only once complete")
    func split() throws {
        for cut in 1..<Self.sample.count {
            var buffer = ByteBuffer(bytes: Self.sample[..<cut])
            #expect(try RESPParser().next(&buffer) == nil, "cut at \(cut)")
            #expect(buffer.readableBytes == cut, "a partial read leaves the buffer alone")
            buffer.writeBytes(Self.sample[cut...])
            #expect(try RESPParser().next(&buffer) == Self.expected)
        }
    }

    @Test("malformed replies are errors", arguments: [
        "?what\r\n", ":12x\r\n", "$3\r\nabcd\r\n", "$-5\r\n", "*-7\r\n", "+OK\rX", ":\r\n",
        "$99999999999999999999\r\n", String(repeating: "*1\r\n", count: 40) + ":1\r\n",
    ])
    func malformed(_ text: String) {
        var buffer = ByteBuffer(string: text)
        #expect(throws: RedisError.protocolViolation) { try RESPParser().next(&buffer) }
    }

    @Test("random bytes never crash the parser")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
                // Mostly protocol characters, so that the parser gets deep before failing.
                [UInt8(ascii: "*"), UInt8(ascii: "$"), UInt8(ascii: ":"), 13, 10, UInt8(ascii: "1"), UInt8(ascii: "-"), UInt8.random(in: 0...255, using: &generator)]
                    .randomElement(using: &generator) ?? 0
            }
            var buffer = ByteBuffer(bytes: bytes)
            _ = try? RESPParser().next(&buffer)
        }
    }

    @Test("commands encode as arrays of bulk strings")
    func encode() {
        var buffer = ByteBuffer()
        RESPEncoder.command(["SET", "키", "값"], into: &buffer)
        #expect(String(buffer: buffer) == "*3\r\n$3\r\nSET\r\n$3\r\n키\r\n$3\r\n값\r\n")
    }

    @Test("redis URLs carry host, port, password, database and timeouts")
    func urls() throws {
        let configuration = try #require(RedisConfiguration(url: "redis://:s3cret@10.0.0.5:6380/2?timeout=30ms&connect_timeout=1s&pool=4"))
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 6380)
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == 2)
        #expect(configuration.commandTimeout == .milliseconds(30))
        #expect(configuration.connectTimeout == .seconds(1))
        #expect(configuration.poolSize == 4)
        #expect(RedisConfiguration(url: "redis://127.0.0.1")?.port == 6379)
        for bad in ["http://x", "redis://", "redis://h:0", "redis://h:99999", "redis://h/x", "redis://h?timeout=fast", "redis://h?color=red"] {
            #expect(RedisConfiguration(url: bad) == nil, "\(bad)")
        }
    }
}
