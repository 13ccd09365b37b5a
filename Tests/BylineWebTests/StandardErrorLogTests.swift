import Logging
import Synchronization
import Testing
@testable import BylineWeb

@Suite("Server log lines")
struct StandardErrorLogTests {
    final class Lines: TextOutputStream, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "연결 끊김" }
    }

    /// The same logger used through both handlers: metadata set on it, metadata given with
    /// a line, and an error.
    func log(_ handler: some LogHandler) {
        var logger = Logger(label: "byline.test") { _ in handler }
        logger[metadataKey: "request_id"] = "1f"
        logger[metadataKey: "hb.request.id"] = "a7"
        logger.info("요청 처리", metadata: ["route": "/news/{id}"])
        logger.debug("보이지 않는 줄")
        logger[metadataKey: "hb.request.id"] = nil
        logger.warning("실패", error: Failure())
    }

    @Test("the lines StreamLogHandler writes, timestamp aside")
    func sameLines() {
        let ours = Lines(), theirs = Lines()
        log(StandardErrorLog(label: "byline.test", metadataProvider: nil) { ours.write($0) })
        log(StreamLogHandler(label: "byline.test", stream: theirs, metadataProvider: nil))
        let stamp = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} /#
        let ourLines = ours.lines.withLock { $0 }, theirLines = theirs.lines.withLock { $0 }
        #expect(ourLines.count == 2)
        #expect(ourLines.allSatisfy { $0.prefixMatch(of: stamp) != nil })
        #expect(ourLines.map { $0.replacing(stamp, with: "") } == theirLines.map { $0.replacing(stamp, with: "") })
        #expect(ourLines.first?.hasSuffix("info byline.test: hb.request.id=a7 request_id=1f route=/news/{id} [BylineWebTests] 요청 처리\n") == true)
    }
}
