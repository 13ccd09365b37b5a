/// The public files of a library picture, named from its stem: every width up to the
/// picture's own (at most 1920) as WebP and JPEG, and the JPEG crops. The set follows from
/// the stem and the size alone, so pages need nothing but those to write `srcset`.
public struct PhotoRenditions: Hashable, Sendable {
    public static let widths = [320, 640, 960, 1280, 1920]
    public static let crops: [(kind: Rendition.Kind, width: Int, height: Int)] = [
        (.wide, 1200, 675), (.standard, 1200, 900), (.square, 1200, 1200), (.social, 1200, 630),
    ]

    public let stem: String
    public let width: Int
    public let height: Int

    public init(stem: String, width: Int, height: Int) {
        self.stem = stem
        self.width = width
        self.height = height
    }

    /// The widths made: the standard ones below the picture's width, and its own when it is
    /// not wider than the largest.
    public var widths: [Int] {
        var widths = Self.widths.filter { $0 < width }
        if width <= (Self.widths.last ?? 1920) { widths.append(width) }
        return widths
    }

    public func height(atWidth rendered: Int) -> Int {
        max(1, Int((Double(height) * Double(rendered) / Double(max(width, 1))).rounded()))
    }

    public func name(width: Int, webP: Bool) -> String { "\(stem)-\(width).\(webP ? "webp" : "jpg")" }

    /// The width pages use for `src` and feeds: 1280, or the picture's own when smaller.
    public var defaultWidth: Int { widths.last { $0 <= 1280 } ?? widths.first ?? width }

    /// `srcset` of every width in one format, widths at most `maximum`.
    public func srcset(webP: Bool, maximum: Int = .max) -> String {
        let chosen = widths.filter { $0 <= maximum }
        return (chosen.isEmpty ? Array(widths.prefix(1)) : chosen)
            .map { "/media/\(name(width: $0, webP: webP)) \($0)w" }.joined(separator: ", ")
    }

    /// Every file, full widths first.
    public var files: [Rendition] {
        widths.flatMap { width in
            [Rendition(kind: .full, name: name(width: width, webP: true), width: width, height: height(atWidth: width), mediaType: "image/webp"),
             Rendition(kind: .full, name: name(width: width, webP: false), width: width, height: height(atWidth: width), mediaType: "image/jpeg")]
        } + Self.crops.map(crop)
    }

    /// A crop's file and size: the largest region of its aspect, at most its standard width.
    public func crop(_ crop: (kind: Rendition.Kind, width: Int, height: Int)) -> Rendition {
        let aspect = Double(crop.width) / Double(crop.height)
        let region = Double(width) / Double(height) > aspect
            ? (width: Int((Double(height) * aspect).rounded()), height: height)
            : (width: width, height: Int((Double(width) / aspect).rounded()))
        let outWidth = min(crop.width, region.width)
        let outHeight = max(1, Int((Double(region.height) * Double(outWidth) / Double(max(region.width, 1))).rounded()))
        return Rendition(kind: crop.kind, name: "\(stem)-\(crop.kind.rawValue).jpg", width: outWidth, height: outHeight, mediaType: "image/jpeg")
    }

    public func crop(_ kind: Rendition.Kind) -> Rendition? {
        Self.crops.first { $0.kind == kind }.map(crop)
    }
}
