import Foundation

/// What the photographer and the desk already wrote into the file: IPTC-IIM first, XMP
/// where IIM is silent, then EXIF's Artist and DateTimeOriginal as the last resort.
public struct PhotoMetadata: Hashable, Sendable {
    public var caption: String?
    public var byline: String?
    public var credit: String?
    public var copyright: String?
    public var createdAt: Date?

    public init(caption: String? = nil, byline: String? = nil, credit: String? = nil, copyright: String? = nil, createdAt: Date? = nil) {
        self.caption = caption
        self.byline = byline
        self.credit = credit
        self.copyright = copyright
        self.createdAt = createdAt
    }

    /// Reads the three blocks as libvips hands them over; any of them may be missing or damaged.
    public init(iptc: [UInt8]?, xmp: [UInt8]?, exif: [UInt8]?) {
        let iim = iptc.map(IPTCRecords.init) ?? IPTCRecords([])
        let packet = xmp.map { XMPPacket(String(decoding: $0, as: UTF8.self)) }
        let tiff = exif.flatMap(EXIFFields.init)
        self.init(
            caption: iim.caption ?? packet?.caption,
            byline: iim.byline ?? packet?.creator ?? tiff?.artist,
            credit: iim.credit ?? packet?.credit,
            copyright: iim.copyright ?? packet?.rights ?? tiff?.copyright,
            createdAt: iim.createdAt ?? packet?.createdAt ?? tiff?.dateTimeOriginal)
    }
}

extension String {
    /// Trimmed, and nil when nothing is left: an empty field says nothing.
    var meaningful: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        return trimmed.isEmpty ? nil : trimmed
    }
}
