import Foundation

/// Pictures the tests make themselves with the libvips command-line tools and exiftool
/// (Debian's libvips-tools and libimage-exiftool-perl), in a fresh directory each.
public struct Pictures: Sendable {
    public let directory: URL

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-pictures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A picture `width`×`height` with a bright left half and a dark right half, so that
    /// which way it was turned can be read back from its pixels.
    @discardableResult
    public func make(_ name: String, width: Int, height: Int) throws -> String {
        try run("vips", "black", path("black.v"), "\(width)", "\(height)", "--bands", "3")
        try run("vips", "linear", path("black.v"), path("dark.v"), "1", "40", "--uchar")
        try run("vips", "linear", path("black.v"), path("light.v"), "1", "220", "--uchar")
        try run("vips", "extract_area", path("light.v"), path("half.v"), "0", "0", "\(max(1, width / 2))", "\(height)")
        try run("vips", "insert", path("dark.v"), path("half.v"), path(name), "0", "0")
        return path(name)
    }

    /// An animated GIF of `frames` frames, each one flat colour: red, green, blue, then
    /// white, repeating. The libvips tools cannot write one, so its bytes are made here.
    @discardableResult
    public func animatedGIF(_ name: String, width: Int, height: Int, frames: Int) throws -> String {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        var bytes = Array("GIF89a".utf8) + le16(width) + le16(height) + [0xF1, 0, 0]  // a global table of 4 colours
        bytes += [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
        bytes += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [3, 1] + le16(0) + [0]  // loop forever
        for frame in 0..<frames {
            bytes += [0x21, 0xF9, 4, 0] + le16(20) + [0, 0]  // 0.2 s a frame
            bytes += [0x2C] + le16(0) + le16(0) + le16(width) + le16(height) + [0]
            // LZW with 2-bit pixels: a clear code before every two pixels keeps every code
            // 3 bits wide, so the data can be written without a code table.
            let (clear, end) = (4, 5)
            var codes: [Int] = []
            for pixel in 0..<(width * height) {
                if pixel % 2 == 0 { codes.append(clear) }
                codes.append(frame % 4)
            }
            codes.append(end)
            var data: [UInt8] = []
            var (accumulator, bits) = (0, 0)
            for code in codes {
                accumulator |= code << bits
                bits += 3
                while bits >= 8 {
                    data.append(UInt8(accumulator & 0xFF))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            if bits > 0 { data.append(UInt8(accumulator & 0xFF)) }
            bytes.append(2)
            for start in stride(from: 0, to: data.count, by: 255) {
                let block = data[start..<min(start + 255, data.count)]
                bytes += [UInt8(block.count)] + block
            }
            bytes.append(0)
        }
        bytes.append(0x3B)
        try Data(bytes).write(to: directory.appendingPathComponent(name))
        return path(name)
    }

    public func exiftool(_ arguments: String...) throws {
        try run("exiftool", ["-q", "-overwrite_original"] + arguments)
    }

    /// exiftool's reading of a file's metadata, group:tag → value.
    public func tags(_ file: String) throws -> [String: String] {
        let output = try run("exiftool", "-j", "-G1", "-a", file)
        let list = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
        return (list?.first ?? [:]).mapValues { "\($0)" }
    }

    /// `vipsheader`'s summary: "name: 800x600 uchar, 3 bands, srgb, jpegload".
    public func header(_ file: String) throws -> String {
        try run("vipsheader", file).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pixel at x, y as `vips getpoint` prints it.
    public func pixel(_ file: String, _ x: Int, _ y: Int) throws -> [Int] {
        try run("vips", "getpoint", file, "\(x)", "\(y)").split(separator: " ")
            .compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { Int($0) }
    }

    @discardableResult
    public func run(_ tool: String, _ arguments: String...) throws -> String { try run(tool, arguments) }

    @discardableResult
    public func run(_ tool: String, _ arguments: [String]) throws -> String {
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

public struct PictureToolFailed: Error, CustomStringConvertible {
    public let command: String
    public var description: String { "failed: \(command)" }
}
