import Foundation
import Testing

/// Pictures the tests make themselves with the libvips command-line tools and exiftool
/// (Debian's libvips-tools and libimage-exiftool-perl), in a fresh directory each.
struct Pictures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-pictures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A picture `width`×`height` with a bright left half and a dark right half, so that
    /// which way it was turned can be read back from its pixels.
    @discardableResult
    func make(_ name: String, width: Int, height: Int) throws -> String {
        try run("vips", "black", path("black.v"), "\(width)", "\(height)", "--bands", "3")
        try run("vips", "linear", path("black.v"), path("dark.v"), "1", "40", "--uchar")
        try run("vips", "linear", path("black.v"), path("light.v"), "1", "220", "--uchar")
        try run("vips", "extract_area", path("light.v"), path("half.v"), "0", "0", "\(max(1, width / 2))", "\(height)")
        try run("vips", "insert", path("dark.v"), path("half.v"), path(name), "0", "0")
        return path(name)
    }

    func exiftool(_ arguments: String...) throws {
        try run("exiftool", ["-q", "-overwrite_original"] + arguments)
    }

    /// exiftool's reading of a file's metadata, group:tag → value.
    func tags(_ file: String) throws -> [String: String] {
        let output = try run("exiftool", "-j", "-G1", "-a", file)
        let list = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
        return (list?.first ?? [:]).mapValues { "\($0)" }
    }

    /// `vipsheader`'s summary: "name: 800x600 uchar, 3 bands, srgb, jpegload".
    func header(_ file: String) throws -> String {
        try run("vipsheader", file).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pixel at x, y as `vips getpoint` prints it.
    func pixel(_ file: String, _ x: Int, _ y: Int) throws -> [Int] {
        try run("vips", "getpoint", file, "\(x)", "\(y)").split(separator: " ")
            .compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { Int($0) }
    }

    @discardableResult
    func run(_ tool: String, _ arguments: String...) throws -> String { try run(tool, arguments) }

    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PictureToolFailed(command: ([tool] + arguments).joined(separator: " "))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct PictureToolFailed: Error, CustomStringConvertible {
    let command: String
    var description: String { "failed: \(command)" }
}
