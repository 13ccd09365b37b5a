/// One public file made from an original: a width of the whole picture, or a crop.
public struct Rendition: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case full
        case wide = "16x9"
        case standard = "4x3"
        case square = "1x1"
        /// Open Graph's 1200×630 (1.91:1), which Naver and the social networks show.
        case social = "og"
    }

    public let kind: Kind
    /// The file's name in the media directory; it carries the original's content hash.
    public let name: String
    public let width: Int
    public let height: Int
    public let mediaType: String

    public init(kind: Kind, name: String, width: Int, height: Int, mediaType: String) {
        self.kind = kind
        self.name = name
        self.width = width
        self.height = height
        self.mediaType = mediaType
    }
}

/// Where the picture's subject is, as fractions of the upright picture's width and height:
/// crops keep it in frame.
public struct FocalPoint: Codable, Hashable, Sendable {
    public var x: Double
    public var y: Double

    public static let centre = FocalPoint(x: 0.5, y: 0.5)

    public init(x: Double, y: Double) {
        self.x = min(max(x.isFinite ? x : 0.5, 0), 1)
        self.y = min(max(y.isFinite ? y : 0.5, 0), 1)
    }
}

/// A mark laid over renditions at least `minimumWidth` wide, never over the original.
public struct Watermark: Hashable, Sendable {
    public enum Corner: String, Sendable, CaseIterable {
        case topLeft = "top-left", topRight = "top-right", bottomLeft = "bottom-left", bottomRight = "bottom-right"
    }

    public var path: String
    public var corner: Corner
    public var opacity: Double
    public var minimumWidth: Int

    public init(path: String, corner: Corner = .bottomRight, opacity: Double = 0.5, minimumWidth: Int = 640) {
        self.path = path
        self.corner = corner
        self.opacity = min(max(opacity, 0), 1)
        self.minimumWidth = minimumWidth
    }
}
