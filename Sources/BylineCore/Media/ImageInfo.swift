/// What an image file is, read from its first bytes rather than trusted from its name.
public struct ImageInfo: Hashable, Sendable {
    public enum Format: String, Sendable {
        case jpeg, png, gif, webp
        /// HEIC and AVIF: read by libvips when it has its HEIF loader; their size comes from it.
        case heic, avif

        public var mediaType: String { "image/\(rawValue)" }
        public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    }

    public let format: Format
    public let width: Int
    public let height: Int

    /// Recognises JPEG, PNG, GIF and WebP by their magic bytes and reads the pixel size;
    /// `nil` for anything else, including a truncated file of a known kind.
    public init?(_ bytes: [UInt8]) {
        func be16(_ i: Int) -> Int { Int(bytes[i]) << 8 | Int(bytes[i + 1]) }
        func le16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le24(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 }

        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self.init(.png, be32(16), be32(20))
        } else if bytes.count >= 10, bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            self.init(.gif, le16(6), le16(8))
        } else if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            switch String(decoding: bytes[12..<16], as: UTF8.self) {
            case "VP8 ": self.init(.webp, le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = Int(bytes[21]) | Int(bytes[22]) << 8 | Int(bytes[23]) << 16 | Int(bytes[24]) << 24
                self.init(.webp, (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
            case "VP8X": self.init(.webp, le24(24) + 1, le24(27) + 1)
            default: return nil
            }
        } else if bytes.count >= 4, bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            // Walk the JPEG segments to the first start-of-frame marker, which holds the size.
            var index = 2
            while index + 9 < bytes.count {
                guard bytes[index] == 0xFF else { return nil }
                let marker = bytes[index + 1]
                if marker == 0xFF { index += 1; continue }
                let length = be16(index + 2)
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    self.init(.jpeg, be16(index + 7), be16(index + 5))
                    return
                }
                index += 2 + length
            }
            return nil
        } else {
            return nil
        }
    }

    /// A size learnt elsewhere (libvips reads HEIF headers); nil when either side is 0.
    public init?(format: Format, width: Int, height: Int) {
        self.init(format, width, height)
    }

    private init?(_ format: Format, _ width: Int, _ height: Int) {
        guard width > 0, height > 0 else { return nil }
        self.format = format
        self.width = width
        self.height = height
    }

    /// Whether the whole file arrived: each format has an end a truncated upload lacks
    /// (JPEG's end-of-image marker, PNG's IEND chunk, GIF's trailer, the RIFF length of WebP).
    public static func isComplete(_ bytes: [UInt8], format: Format) -> Bool {
        switch format {
        case .jpeg:
            return bytes.count > 4 && bytes.suffix(2) == [0xFF, 0xD9]
        case .png:
            return bytes.count > 12 && Array(bytes.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        case .gif:
            return bytes.last == 0x3B
        case .heic, .avif:
            // No end marker: libvips finds a cut-off file when it decodes it.
            return bytes.count > 12
        case .webp:
            guard bytes.count >= 12 else { return false }
            let size = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
            return size + 8 == bytes.count
        }
    }
}
