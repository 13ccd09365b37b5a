import Foundation
import Testing

/// `byline source` and `byline ingest`, as a newsroom's operator runs them beside an FTP drop.
@Suite("Commands: wire sources and the drop directory")
struct IngestCommandTests {
    static func ninjs(_ guid: String, version: Int, headline: String) -> String {
        #"{"uri": "\#(guid)", "version": "\#(version)", "headlines": [{"role": "main", "value": "\#(headline)"}], "bodies": [{"contenttype": "text/html", "value": "<p>본문</p>"}]}"#
    }

    @Test("a source is added (its key printed once), and each dropped file is taken once: done, or rejected with its reason")
    func once() throws {
        let data = try BylineProcess.temporaryDirectory()
        let drop = data.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        let added = try BylineProcess.run(["source", "add", "--name", "파트너통신", "--data-dir", data.path])
        #expect(added.status == 0 && added.output.contains("source 1 파트너통신"))
        #expect(added.output.split(separator: "\n").last?.count == 43, "the key, as its last line")
        #expect(try BylineProcess.run(["source", "add", "--name", "파트너통신", "--data-dir", data.path]).output.contains("이미 있는 수신처 이름입니다"))
        #expect(try BylineProcess.run(["source", "list", "--data-dir", data.path]).output == "1\t파트너통신\t-\tactive\n")

        try Data(Self.ninjs("urn:partner:1", version: 1, headline: "첫 판").utf8).write(to: drop.appendingPathComponent("0001.json"))
        try Data(Self.ninjs("urn:partner:1", version: 2, headline: "둘째 판").utf8).write(to: drop.appendingPathComponent("0002.json"))
        try Data(#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><newsItem>&e;</newsItem>"#.utf8)
            .write(to: drop.appendingPathComponent("0003.xml"))
        try Data([0x3C, 0x61, 0x3E, 0xC7, 0xD1]).write(to: drop.appendingPathComponent("0004.xml"))
        try Data("""
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:9" version="1"><itemMeta/><contentMeta><headline>뉴스엠엘 항목</headline></contentMeta></newsItem>
            """.utf8).write(to: drop.appendingPathComponent("0005"))
        let run = try BylineProcess.run(["ingest", drop.path, "--source", "파트너통신", "--once", "--data-dir", data.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("0001.json: created urn:partner:1 version 1"))
        #expect(run.output.contains("0002.json: updated urn:partner:1 version 2"))
        #expect(run.output.contains("0003.xml: refused: DOCTYPE이나 엔티티 선언"))
        #expect(run.output.contains("0004.xml: refused: UTF-8이 아닌 바이트"))
        #expect(run.output.contains("0005: created urn:newsml:9 version 1"))
        #expect(run.output.contains("3 taken, 2 refused"))
        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: drop.path))
        #expect(files == [
            "done", "done/0001.json", "done/0002.json", "done/0005", "rejected", "rejected/0003.xml", "rejected/0003.xml.reason.txt",
            "rejected/0004.xml", "rejected/0004.xml.reason.txt",
        ])
        #expect(try String(contentsOf: drop.appendingPathComponent("rejected/0003.xml.reason.txt"), encoding: .utf8).contains("외부 엔티티"))

        // Dropped again, the same item changes nothing; nothing is taken twice from done/.
        try Data(Self.ninjs("urn:partner:1", version: 2, headline: "둘째 판").utf8).write(to: drop.appendingPathComponent("0002.json"))
        let again = try BylineProcess.run(["ingest", drop.path, "--source", "1", "--once", "--data-dir", data.path])
        #expect(again.output.contains("0002.json: unchanged urn:partner:1 version 2") && again.output.contains("1 taken, 0 refused"))
        #expect(FileManager.default.fileExists(atPath: drop.appendingPathComponent("done").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop.appendingPathComponent("done").path).count == 4, "kept beside the first")

        let unknown = try BylineProcess.run(["ingest", drop.path, "--source", "없는곳", "--once", "--data-dir", data.path])
        #expect(unknown.status != 0 && unknown.output.contains("no active source '없는곳'"))
        let notDirectory = try BylineProcess.run(["ingest", data.appendingPathComponent("none").path, "--source", "1", "--data-dir", data.path])
        #expect(notDirectory.status != 0 && notDirectory.output.contains("is not a directory"))
    }

    @Test("watching, a file dropped later is taken, and the watch goes on")
    func watch() async throws {
        let data = try BylineProcess.temporaryDirectory()
        let drop = data.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        #expect(try BylineProcess.run(["source", "add", "--name", "가람뉴스", "--data-dir", data.path]).status == 0)
        let process = Process()
        process.executableURL = BylineProcess.executable
        process.arguments = ["ingest", drop.path, "--source", "가람뉴스", "--interval", "0.2", "--data-dir", data.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // The test process ignores SIGTERM (its in-process servers take signals through
            // dispatch sources), and a child inherits that: SIGTERM would leave the watch running.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try await Task.sleep(for: .milliseconds(500))
        try Data(Self.ninjs("urn:garam:1", version: 1, headline: "지켜보던 폴더").utf8).write(to: drop.appendingPathComponent("late.json"))
        let done = drop.appendingPathComponent("done/late.json")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !FileManager.default.fileExists(atPath: done.path) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(FileManager.default.fileExists(atPath: done.path))
        #expect(process.isRunning, "still watching")
    }
}
