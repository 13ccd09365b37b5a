import Foundation

/// A photo shown inside an article body, with the caption credits a Korean
/// agency prints: dateline, photographer, date and the photographer's e-mail.
public struct Photo: Hashable, Sendable {
    /// Public URL of the image, usually under `/media/`.
    public var url: String
    public var caption: String
    /// Alternative text for readers who cannot see the image.
    public var alt: String
    /// The photographer, when a staff member took it.
    public var photographer: Reporter?
    /// Credit line for photos from outside the newsroom (for example a handout).
    public var credit: String
    public var takenAt: Date
    /// Pixel size, when known (photos imported by URL may not say).
    public var width: Int?
    public var height: Int?
    /// The library picture it shows, for photos uploaded through the photo desk.
    public var library: LibraryPhotoID?
    /// Its renditions, once libvips has made them; nil for imported photos and pending uploads.
    public var renditions: PhotoRenditions?

    /// Who took it, as captions and feeds print it: `김하늘 기자`, or the outside credit.
    public var creditLine: String {
        photographer.map { "\($0.name) 기자" } ?? credit
    }

    public init(
        url: String, caption: String, alt: String, photographer: Reporter?, credit: String,
        takenAt: Date, width: Int?, height: Int?, library: LibraryPhotoID? = nil, renditionStem: String? = nil
    ) {
        self.url = url
        self.caption = caption
        self.alt = alt
        self.photographer = photographer
        self.credit = credit
        self.takenAt = takenAt
        self.width = width
        self.height = height
        self.library = library
        if let renditionStem, let width, let height {
            let renditions = PhotoRenditions(stem: renditionStem, width: width, height: height)
            self.renditions = renditions
            // A library picture's address is its rendition; the stored one names the picture.
            self.url = "/media/" + renditions.name(width: renditions.defaultWidth, webP: false)
        }
    }

    /// Whether readers see it: a library picture only once its renditions are made.
    public var isShown: Bool { library == nil || renditions != nil }
}
