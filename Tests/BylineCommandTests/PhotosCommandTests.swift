import BylineTestSupport
import Foundation
import Testing

@Suite("byline photos rebuild and prune")
struct PhotosCommandTests {
    @Test("rebuild makes what is missing or made under other settings, skips the rest, and says how far it got")
    func rebuild() throws {
        let directory = try BylineProcess.temporaryDirectory()
        #expect(try BylineProcess.run(["migrate", "--data-dir", directory.path]).status == 0)
        // A library picture as an upload leaves it: its original under originals/, not yet rendered.
        let pictures = try Pictures()
        let originals = directory.appendingPathComponent("originals")
        try FileManager.default.createDirectory(at: originals, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: try pictures.make("desk.jpg", width: 1000, height: 750), toPath: originals.appendingPathComponent("desk.jpg").path)
        try pictures.run("sqlite3", directory.appendingPathComponent("byline.sqlite").path, """
            INSERT INTO libraryPhoto (original, format, width, height, caption, createdAt, updatedAt)
            VALUES ('desk.jpg', 'jpeg', 1000, 750, '편집국 책상', 0, 0)
            """)

        let first = try BylineProcess.run(["photos", "rebuild", "--data-dir", directory.path])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("1/1 photos") && first.output.contains("rebuilt the renditions of 1 photos"))
        let media = directory.appendingPathComponent("media")
        let made = try FileManager.default.contentsOfDirectory(atPath: media.path).filter { $0.hasPrefix("p-") }
        #expect(made.filter { $0.hasSuffix(".webp") }.count == 4, "320, 640, 960 and 1000 wide: \(made)")

        let again = try BylineProcess.run(["photos", "rebuild", "--data-dir", directory.path])
        #expect(again.output.contains("rebuilt the renditions of 0 photos"), "\(again.output)")

        // A watermark changes every file's name: all of them are made again.
        let mark = pictures.path("mark.png")
        try pictures.run("vips", "black", pictures.path("mark.v"), "40", "20", "--bands", "4")
        try pictures.run("vips", "copy", pictures.path("mark.v"), mark)
        let marked = try BylineProcess.run(["photos", "rebuild", "--data-dir", directory.path], environment: ["BYLINE_WATERMARK": mark])
        #expect(marked.output.contains("rebuilt the renditions of 1 photos"), "\(marked.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: media.path).filter { $0.hasPrefix("p-") }.count == made.count * 2)

        // The renditions made before the watermark, and an original no picture names, are
        // pruned once old enough; the current files and the demo's own media stay.
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: media.appendingPathComponent("demo-1.svg"))
        try FileManager.default.copyItem(atPath: pictures.path("desk.jpg"), toPath: originals.appendingPathComponent("replaced.jpg").path)
        let young = try BylineProcess.run(["photos", "prune", "--data-dir", directory.path])
        #expect(young.status == 0 && young.output.contains("removed 0 renditions and 0 originals"), "\(young.output)")
        let pruned = try BylineProcess.run(["photos", "prune", "--days", "0", "--data-dir", directory.path])
        #expect(pruned.status == 0 && pruned.output.contains("removed \(made.count) renditions and 1 originals"), "\(pruned.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: media.path)
        #expect(left.filter { $0.hasPrefix("p-") }.count == made.count && Set(made).isDisjoint(with: left) && left.contains("demo-1.svg"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: originals.path) == ["desk.jpg"])
        #expect(try BylineProcess.run(["photos", "prune", "--days", "-1", "--data-dir", directory.path]).status != 0)

        let wrong = try BylineProcess.run(
            ["photos", "rebuild", "--data-dir", directory.path], environment: ["BYLINE_WATERMARK": mark, "BYLINE_WATERMARK_CORNER": "middle"])
        #expect(wrong.status != 0 && wrong.output.contains("BYLINE_WATERMARK_CORNER"))
    }
}
