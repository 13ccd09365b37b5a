import BylineCore
import Foundation
import NIOCore

/// CSS and images, read into memory at start and served from there under names
/// that carry a content hash (`site.3f9a1c2b.css`), so they can be cached for a year.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let bytes: ByteBuffer
        let contentType: String
    }

    /// Hashed file name → asset.
    private let assets: [String: Asset]
    /// Plain file name → hashed URL path.
    private let urls: [String: String]

    static let contentTypes = [
        "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
        "ico": "image/x-icon", "js": "text/javascript; charset=utf-8",
    ]

    static func load(directory: URL? = bundledDirectory("static")) throws -> StaticAssets {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw StartupError("static assets directory missing: \(directory?.path ?? "-")")
        }
        var assets: [String: Asset] = [:]
        var urls: [String: String] = [:]
        for name in names.sorted() where !name.hasPrefix(".") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let ext = (name as NSString).pathExtension
            let stem = (name as NSString).deletingPathExtension
            let hashed = "\(stem).\(contentHash(data)).\(ext)"
            assets[hashed] = Asset(
                bytes: ByteBuffer(bytes: data), contentType: contentTypes[ext] ?? "application/octet-stream")
            urls[name] = "/static/\(hashed)"
        }
        for name in ["site.css", "logo.svg"] where urls[name] == nil {
            throw StartupError("static asset \(name) is missing from \(directory.path)")
        }
        return StaticAssets(assets: assets, urls: urls)
    }

    func asset(named hashedName: String) -> Asset? { assets[hashedName] }

    /// The URL to put in pages for a plain file name such as `site.css`.
    func url(_ name: String) -> String { urls[name] ?? "/static/\(name)" }

    /// Ten hex digits of the content's fingerprint: enough to tell versions of a file apart.
    static func contentHash(_ data: Data) -> String {
        String(ContentHash.hex(data).prefix(10))
    }
}
