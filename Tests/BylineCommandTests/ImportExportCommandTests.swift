import BylineTestSupport
import Foundation
import Testing

@Suite("byline import and export")
struct ImportExportCommandTests {
    static let goodArticle = #"{"external_id":"x-1","headline":"첫 기사","body":"본문","section":"news/local","authors":[{"name":"홍길동","email":"hong@byline.test"}],"published_at":"2024-10-10T16:23:00+09:00"}"#

    func write(_ lines: [String], to directory: URL, name: String = "in.ndjson") throws -> URL {
        let file = directory.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file
    }

    @Test("bad lines are reported by number and field, skipped whole, and the rest is imported")
    func badLinesMixedIn() throws {
        let directory = try BylineProcess.temporaryDirectory()
        var bytes = Data(#"{"kind":"section","slug":"news","name":"뉴스"}"#.utf8) + Data("\n".utf8)
        bytes += Data((Self.goodArticle + "\n").utf8)
        bytes += Data("{not json\n".utf8)
        bytes += Data(#"{"body":"제목 없음","section":"news","authors":[{"name":"a","email":"a@b"}]}\#n"#.utf8)
        bytes += Data(#"{"headline":""#.utf8) + Data([0xFF]) + Data(#"","section":"news","authors":[{"name":"a","email":"a@b"}]}\#n"#.utf8)
        bytes += Data(#"{"headline":"날짜 오류","section":"news","authors":[{"name":"a","email":"a@b"}],"published_at":"10/10/2024"}\#n"#.utf8)
        bytes += Data(#"{"headline":"두번째 기사","body":"본문","section":"news","authors":[{"name":"김하늘","email":"sky@byline.test"}],"published_at":"2024-10-11T09:00:00+09:00"}\#n"#.utf8)
        let file = directory.appendingPathComponent("mixed.ndjson")
        try bytes.write(to: file)

        let metrics = directory.appendingPathComponent("import.prom")
        let result = try BylineProcess.run(["import", file.path, "--data-dir", directory.path, "--metrics-file", metrics.path])
        #expect(result.status == 1, "a failed line makes the exit status non-zero")
        // The progress a textfile collector scrapes, complete once the import has finished.
        let scraped = try String(contentsOf: metrics, encoding: .utf8)
        #expect(scraped.contains("# TYPE byline_import_articles gauge\nbyline_import_articles 2.0\n"))
        #expect(scraped.contains("byline_import_finished 1.0\n"))
        #expect(scraped.contains("byline_import_failed_lines 4.0\n"))
        #expect(scraped.contains("byline_import_bytes_total \(bytes.count).0\n"))
        #expect(result.output.contains("line 3: JSON으로 읽을 수 없습니다."))
        #expect(result.output.contains("line 4: headline: 필수 항목이 없습니다."))
        #expect(result.output.contains("line 5: UTF-8이 아닌 바이트가 있습니다."))
        #expect(result.output.contains("line 6: published_at:"))
        #expect(result.output.contains("imported 2 articles (2 new, 0 updated) and 1 sections from 7 lines"))
        #expect(result.output.contains("4 lines failed"))

        let export = try BylineProcess.run(["export", "--data-dir", directory.path])
        #expect(export.status == 0)
        let lines = export.output.split(separator: "\n")
        #expect(lines.filter { $0.contains(#""kind":"article""#) }.count == 2)
        #expect(!export.output.contains("날짜 오류"))
    }

    @Test("re-importing a file with external ids updates instead of duplicating")
    func idempotent() throws {
        let directory = try BylineProcess.temporaryDirectory()
        let file = try write([Self.goodArticle], to: directory)
        #expect(try BylineProcess.run(["import", file.path, "--data-dir", directory.path]).status == 0)
        let again = try BylineProcess.run(["import", file.path, "--data-dir", directory.path])
        #expect(again.status == 0)
        #expect(again.output.contains("imported 1 articles (0 new, 1 updated)"))
        let export = try BylineProcess.run(["export", "--data-dir", directory.path]).output
        #expect(export.components(separatedBy: "첫 기사").count == 2, "one article, not two")
    }

    @Test("export, import into an empty database, export again gives the same file")
    func roundTrip() async throws {
        let source = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", source.path], port: port)
        server.terminate()
        server.waitForExit()

        let first = source.appendingPathComponent("first.ndjson")
        #expect(try BylineProcess.run(["export", first.path, "--data-dir", source.path]).status == 0)
        let target = try BylineProcess.temporaryDirectory()
        let imported = try BylineProcess.run(["import", first.path, "--data-dir", target.path])
        #expect(imported.status == 0, "\(imported.output)")
        let second = target.appendingPathComponent("second.ndjson")
        #expect(try BylineProcess.run(["export", second.path, "--data-dir", target.path]).status == 0)
        let firstBytes = try Data(contentsOf: first)
        #expect(firstBytes.count > 10_000)
        #expect(firstBytes == (try Data(contentsOf: second)))
    }

    @Test("import reads standard input and copies file photos after checking their bytes")
    func standardInputAndFiles() throws {
        let directory = try BylineProcess.temporaryDirectory()
        let gif = Data("GIF89a".utf8) + Data([0x40, 0x01, 0xF0, 0x00, 0, 0, 0, 0, 0, 0])
        try gif.write(to: directory.appendingPathComponent("photo.gif"))
        try Data("not an image".utf8).write(to: directory.appendingPathComponent("fake.jpg"))
        let photo = #"{"headline":"사진 기사","section":"news","authors":[{"name":"a","email":"a@b.c"}],"published_at":"2024-10-10T16:23:00+09:00","photos":[{"file":"\#(directory.path)/photo.gif","caption":"설명","alt":"대체"}]}"#
        let fake = #"{"headline":"가짜 사진","section":"news","authors":[{"name":"a","email":"a@b.c"}],"photos":[{"file":"\#(directory.path)/fake.jpg"}]}"#
        let result = try BylineProcess.run(["import", "-", "--data-dir", directory.path], input: photo + "\n" + fake + "\n")
        #expect(result.status == 1)
        #expect(result.output.contains("line 2: photos[0].file:"))
        let export = try BylineProcess.run(["export", "--data-dir", directory.path]).output
        #expect(export.contains(#""height":240"#))
        #expect(export.contains(#""width":320"#))
        let media = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("media").path)
        #expect(media.count == 1)
        #expect(media.first?.hasSuffix(".gif") == true)
    }
}

@Suite("byline backup")
struct BackupCommandTests {
    @Test("a backup taken while the site serves opens as a complete newsroom, and never overwrites")
    func backup() async throws {
        let directory = try BylineProcess.temporaryDirectory()
        let port = BylineProcess.freePort()
        let server = try await BylineProcess.serve(["--data-dir", directory.path], port: port)
        defer { server.terminate() }
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let made = try BylineProcess.run(["backup", copy, "--data-dir", directory.path])
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("backed up to"))
        // The copy is a newsroom of its own: export it and find the demo's articles.
        let exported = try BylineProcess.run(["export", "--database-url", "sqlite:\(copy)"])
        #expect(exported.status == 0)
        #expect(exported.output.split(separator: "\n").count > 70)
        let again = try BylineProcess.run(["backup", copy, "--data-dir", directory.path])
        #expect(again.status != 0)
        #expect(again.output.contains("already exists"))
    }
}
