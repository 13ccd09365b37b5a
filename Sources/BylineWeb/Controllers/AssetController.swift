import BylineCore
import Foundation
import Hummingbird

/// Serves the in-memory static assets and the photos under the media directory.
struct AssetController {
    let assets: StaticAssets
    let mediaDirectory: URL
    let files = FileIO()
    /// Renditions (`p-*`), which never change, are kept in memory: 64 MB holds the several
    /// sizes of a few hundred pictures, what a day's front pages show.
    let renditions = RenditionMemory(limit: 64 * 1024 * 1024)

    static let mediaTypes = [
        "svg": "image/svg+xml", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
        "webp": "image/webp", "gif": "image/gif",
    ]

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/static/:name", use: asset)
        routes.get("/media/:name", use: media)
        return routes
    }

    @Sendable func asset(_ request: Request, context: BylineRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), let asset = assets.asset(named: name) else {
            throw BylineError.notFound
        }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        // The name changes with the content, so a copy never goes stale.
        headers[.cacheControl] = "public, max-age=31536000, immutable"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }

    @Sendable func media(_ request: Request, context: BylineRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), Self.isSafeFileName(name),
              let type = Self.mediaTypes[(name as NSString).pathExtension.lowercased()]
        else { throw BylineError.notFound }
        let isRendition = name.hasPrefix("p-")
        let body: ResponseBody
        if isRendition {
            do {
                body = ResponseBody(byteBuffer: try await renditions.file(name, in: mediaDirectory))
            } catch {
                throw BylineError.notFound
            }
        } else {
            body = try await files.loadFile(path: mediaDirectory.appendingPathComponent(name).path, context: context)
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        // A rendition's name carries its original's content hash and everything that shaped
        // it (focal point, watermark): a new version has a new name, so a copy never goes stale.
        headers[.cacheControl] = isRendition ? "public, max-age=31536000, immutable" : "public, max-age=86400"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Letters, digits, `-`, `_` and one extension: nothing that can leave the media directory.
    static func isSafeFileName(_ name: String) -> Bool {
        guard (3...128).contains(name.utf8.count), !name.hasPrefix("."), name.utf8.filter({ $0 == UInt8(ascii: ".") }).count == 1
        else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
