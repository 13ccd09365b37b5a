/// One public file made from an original: a width of the whole picture, or a crop.
public struct Rendition: Hashable, Sendable {
    public enum Kind: String, Sendable {
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
public struct FocalPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public static let centre = FocalPoint(x: 0.5, y: 0.5)

    public init(x: Double, y: Double) {
        self.x = min(max(x.isFinite ? x : 0.5, 0), 1)
        self.y = min(max(y.isFinite ? y : 0.5, 0), 1)
    }
}
