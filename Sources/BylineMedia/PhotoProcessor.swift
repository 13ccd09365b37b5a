import BylineCore
import CBylineVips
import Foundation

/// What the original holds, as libvips reads its header: the upright size and the
/// metadata the desk can start from.
public struct PhotoOriginal: Hashable, Sendable {
    public let format: ImageInfo.Format
    public let width: Int
    public let height: Int
    /// More than 1 for an animated GIF or WebP: renditions show the first frame.
    public let frames: Int
    public let metadata: PhotoMetadata
}

/// Checks uploads and makes the public files of a photo with libvips.
public struct PhotoProcessor: Sendable {
    /// Changes whenever the files made change (sizes, quality, crops): part of their names.
    public static let version = "1"

    public var maximumBytes: Int
    public var maximumPixels: Int
    public var watermark: Watermark?

    public init(maximumBytes: Int = 30 * 1024 * 1024, maximumPixels: Int = 100_000_000, watermark: Watermark? = nil) {
        self.maximumBytes = maximumBytes
        self.maximumPixels = maximumPixels
        self.watermark = watermark
    }

    /// Checks uploaded bytes before anything is stored: known by its bytes, whole, and
    /// small enough in pixels to decode (read from the header, so a "decompression bomb"
    /// is refused before a pixel of it is decoded).
    public func examine(_ bytes: [UInt8]) throws(PhotoProblem) -> ImageInfo {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maximumBytes else { throw .tooLarge(bytes: maximumBytes) }
        if Self.looksLikeSVG(bytes) { throw .svg }
        let info: ImageInfo
        if let known = ImageInfo(bytes) {
            info = known
        } else if let heif = try heifInfo(bytes) {
            info = heif
        } else {
            throw .unrecognised
        }
        guard info.width * info.height <= maximumPixels else { throw .tooManyPixels(limit: maximumPixels) }
        guard ImageInfo.isComplete(bytes, format: info.format) else { throw .truncated }
        return info
    }

    /// Reads the stored original's header: upright size, frames and metadata.
    public func inspect(_ path: String, format: ImageInfo.Format) throws(PhotoProblem) -> PhotoOriginal {
        guard Vips.started, let image = VipsImage.wrap(bv_open_header(path), "open") else { throw .unreadable }
        guard image.width * image.height <= maximumPixels else { throw .tooManyPixels(limit: maximumPixels) }
        // Orientations 5 to 8 turn the picture a quarter: its upright width is the stored height.
        let turned = (5...8).contains(Int(bv_orientation(image.pointer)))
        return PhotoOriginal(
            format: format, width: turned ? image.height : image.width, height: turned ? image.width : image.height,
            frames: max(1, Int(bv_pages(image.pointer))),
            metadata: PhotoMetadata(iptc: image.blob("iptc-data"), xmp: image.blob("xmp-data"), exif: image.blob("exif-data")))
    }

    /// Makes every rendition of the original at `path` in `directory`, named `stem-...`:
    /// the widths as WebP and JPEG, then the crops around `focus`. Files are written under
    /// a temporary name and renamed, so a reader never gets half a file.
    public func render(
        _ path: String, stem: String, focus: FocalPoint, rights: RightsNotice?, into directory: URL
    ) throws(PhotoProblem) -> [Rendition] {
        guard Vips.started, let upright = VipsImage.wrap(bv_upright_srgb(path, Int32(PhotoRenditions.widths.last ?? 1920)), "decode")
        else { throw .unreadable }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite
        }
        let mark = try watermark.map { watermark throws(PhotoProblem) in
            guard let image = VipsImage.wrap(bv_load(watermark.path), "watermark") else { throw .cannotWrite }
            return (watermark, image)
        }
        let xmp = rights.flatMap { $0.isEmpty ? nil : $0.xmp }
        var made: [Rendition] = []

        let names = PhotoRenditions(stem: stem, width: upright.width, height: upright.height)
        for width in names.widths {
            guard let scaled = VipsImage.wrap(bv_scaled(upright.pointer, Int32(width)), "scale to \(width)") else { throw .unreadable }
            let image = try marked(scaled, mark)
            for (format, ext, type, quality) in [(BV_WEBP, "webp", "image/webp", 78), (BV_JPEG, "jpg", "image/jpeg", 82)] {
                let name = names.name(width: width, webP: ext == "webp")
                try save(image, format: format, quality: quality, xmp: xmp, to: directory.appendingPathComponent(name))
                made.append(Rendition(kind: .full, name: name, width: width, height: image.height, mediaType: type))
            }
        }
        for crop in PhotoRenditions.crops {
            let area = Self.area(of: (upright.width, upright.height), aspect: Double(crop.width) / Double(crop.height), around: focus)
            let width = min(crop.width, area.width)
            guard let cropped = VipsImage.wrap(
                bv_crop_scaled(upright.pointer, Int32(area.left), Int32(area.top), Int32(area.width), Int32(area.height), Int32(width)),
                "crop \(crop.kind.rawValue)")
            else { throw .unreadable }
            let image = try marked(cropped, mark)
            let name = names.crop(crop).name
            try save(image, format: BV_JPEG, quality: 82, xmp: xmp, to: directory.appendingPathComponent(name))
            made.append(Rendition(kind: crop.kind, name: name, width: image.width, height: image.height, mediaType: "image/jpeg"))
        }
        return made
    }

    /// The largest region of `aspect` (width ÷ height) in a picture of `size`, centred on
    /// `focus` as far as the picture's edges allow.
    static func area(of size: (width: Int, height: Int), aspect: Double, around focus: FocalPoint)
        -> (left: Int, top: Int, width: Int, height: Int)
    {
        var width = size.width, height = size.height
        if Double(size.width) / Double(size.height) > aspect {
            width = max(1, min(size.width, Int((Double(size.height) * aspect).rounded())))
        } else {
            height = max(1, min(size.height, Int((Double(size.width) / aspect).rounded())))
        }
        let left = min(max(Int((focus.x * Double(size.width)).rounded()) - width / 2, 0), size.width - width)
        let top = min(max(Int((focus.y * Double(size.height)).rounded()) - height / 2, 0), size.height - height)
        return (left, top, width, height)
    }

    private func marked(_ image: VipsImage, _ mark: (Watermark, VipsImage)?) throws(PhotoProblem) -> VipsImage {
        guard let (watermark, overlay) = mark, image.width >= watermark.minimumWidth else { return image }
        let margin = max(8, image.width / 50)
        let right = image.width - overlay.width - margin, bottom = image.height - overlay.height - margin
        // A mark that does not fit the picture is left off rather than cut.
        guard right >= margin, bottom >= margin else { return image }
        let (x, y) = switch watermark.corner {
        case .topLeft: (margin, margin)
        case .topRight: (right, margin)
        case .bottomLeft: (margin, bottom)
        case .bottomRight: (right, bottom)
        }
        guard let composed = VipsImage.wrap(
            bv_watermarked(image.pointer, overlay.pointer, Int32(x), Int32(y), watermark.opacity), "watermark")
        else { throw .unreadable }
        return composed
    }

    private func save(_ image: VipsImage, format: BVFormat, quality: Int, xmp: String?, to destination: URL) throws(PhotoProblem) {
        let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString)")
        let status = temporary.path.withCString { path in
            guard let xmp else { return bv_save(image.pointer, path, format, Int32(quality), nil, 0) }
            return xmp.withCString { bv_save(image.pointer, path, format, Int32(quality), $0, xmp.utf8.count) }
        }
        guard status == 0 else {
            Vips.logFailure("save \(destination.lastPathComponent)")
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite
        }
        do {
            if FileManager.default.fileExists(atPath: destination.path) {
                _ = try FileManager.default.replaceItemAt(destination, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: destination)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite
        }
    }

    static func looksLikeSVG(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<svg") || (head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.hasPrefix("<?xml") && head.contains("svg"))
    }

    /// HEIC or AVIF (an ISO-BMFF "ftyp" box naming a HEIF brand), sized by libvips' header
    /// reader when this libvips reads HEIF; nil for anything else.
    func heifInfo(_ bytes: [UInt8]) throws(PhotoProblem) -> ImageInfo? {
        guard bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8) else { return nil }
        let brand = String(decoding: bytes[8..<12], as: UTF8.self)
        let format: ImageInfo.Format
        switch brand {
        case "avif", "avis": format = .avif
        case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1": format = .heic
        default: return nil
        }
        guard Vips.has("heifload") else { throw .heifUnreadable }
        let size = bytes.withUnsafeBytes { buffer -> (Int, Int)? in
            guard let image = VipsImage.wrap(bv_open_header_buffer(buffer.baseAddress, buffer.count), "read HEIF header") else {
                return nil
            }
            return (image.width, image.height)
        }
        guard let size else { throw .unreadable }
        return ImageInfo(format: format, width: size.0, height: size.1)
    }
}
