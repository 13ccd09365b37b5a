import Foundation

/// A picture in the photo library: its private original, what the desk says about it,
/// and, once libvips has made them, its public renditions under `stem`.
public struct LibraryPhoto: Hashable, Sendable {
    public let id: LibraryPhotoID
    /// The original's file name under the data directory's private `originals/`.
    public var original: String
    public var format: ImageInfo.Format
    /// The upright size (EXIF orientation applied).
    public var width: Int
    public var height: Int
    /// More than 1 for an animated GIF or WebP, whose renditions show the first frame.
    public var frames: Int
    public var caption: String
    public var alt: String
    public var credit: String
    /// The photographer as the file or the desk names them.
    public var byline: String
    public var copyright: String
    public var takenAt: Date?
    public var focus: FocalPoint
    /// The name the current renditions share (`p-<hash>`); nil until the first are made.
    public var stem: String?
    /// Whether renditions are still to be made for the current original and focal point.
    public var isPending: Bool
    /// Why the last attempt failed, for the desk.
    public var failure: String?
    public var uploadedBy: UserID?
    public var createdAt: Date
    public var updatedAt: Date
    /// Articles (drafts included) that show it.
    public var usage: Int

    public init(
        id: LibraryPhotoID, original: String, format: ImageInfo.Format, width: Int, height: Int, caption: String, alt: String,
        credit: String, byline: String, copyright: String, takenAt: Date?, focus: FocalPoint, stem: String?, isPending: Bool,
        failure: String?, uploadedBy: UserID?, createdAt: Date, updatedAt: Date, usage: Int, frames: Int = 1
    ) {
        self.id = id
        self.frames = frames
        self.original = original
        self.format = format
        self.width = width
        self.height = height
        self.caption = caption
        self.alt = alt
        self.credit = credit
        self.byline = byline
        self.copyright = copyright
        self.takenAt = takenAt
        self.focus = focus
        self.stem = stem
        self.isPending = isPending
        self.failure = failure
        self.uploadedBy = uploadedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.usage = usage
    }

    /// The public files, once made.
    public var renditions: PhotoRenditions? {
        stem.map { PhotoRenditions(stem: $0, width: width, height: height) }
    }
}

extension PhotoLibraryStore {
    public func libraryPhotos(matching search: SearchQuery?, page: PageRequest) async throws -> Page<LibraryPhoto> {
        try await libraryPhotos(matching: search, photographer: nil, taken: nil, page: page)
    }
}

/// A picture to add to the library: its original is already stored.
public struct NewLibraryPhoto: Sendable {
    public var original: String
    public var format: ImageInfo.Format
    public var width: Int
    public var height: Int
    public var caption: String
    public var alt: String
    public var credit: String
    public var byline: String
    public var copyright: String
    public var takenAt: Date?
    public var uploadedBy: UserID?
    /// More than 1 for an animated picture.
    public var frames = 1

    public init(
        original: String, format: ImageInfo.Format, width: Int, height: Int, caption: String, alt: String, credit: String,
        byline: String, copyright: String, takenAt: Date?, uploadedBy: UserID?
    ) {
        self.original = original
        self.format = format
        self.width = width
        self.height = height
        self.caption = caption
        self.alt = alt
        self.credit = credit
        self.byline = byline
        self.copyright = copyright
        self.takenAt = takenAt
        self.uploadedBy = uploadedBy
    }
}

/// What the desk can change about a library picture.
public struct LibraryPhotoDescription: Hashable, Sendable {
    public var caption: String
    public var alt: String
    public var credit: String
    public var byline: String
    public var focus: FocalPoint

    public init(caption: String, alt: String, credit: String, byline: String, focus: FocalPoint) {
        self.caption = caption
        self.alt = alt
        self.credit = credit
        self.byline = byline
        self.focus = focus
    }
}

/// The photo library's storage, on every backend.
public protocol PhotoLibraryStore: Sendable {
    func addLibraryPhoto(_ photo: NewLibraryPhoto, at now: Date) async throws -> LibraryPhoto
    func libraryPhoto(_ id: LibraryPhotoID) async throws -> LibraryPhoto?
    /// The picture whose current original is the file `original` (named by its content).
    func libraryPhoto(original: String) async throws -> LibraryPhoto?
    /// Newest first; `matching` is searched in the caption, credit and by-line with the site
    /// search's terms (`SearchTokenizer`), `photographer` is the by-line exactly, and
    /// `taken` bounds the time taken (the upload time when the file gave none).
    func libraryPhotos(matching search: SearchQuery?, photographer: String?, taken: Range<Date>?, page: PageRequest) async throws
        -> Page<LibraryPhoto>
    /// Changes what the desk says; a new focal point asks for new crops.
    func describeLibraryPhoto(_ id: LibraryPhotoID, _ description: LibraryPhotoDescription, at now: Date) async throws
    /// A new original for the picture (a better scan, a corrected crop): new renditions follow.
    func replaceLibraryOriginal(
        _ id: LibraryPhotoID, original: String, format: ImageInfo.Format, width: Int, height: Int, frames: Int, at now: Date
    ) async throws
    /// Pictures whose renditions are still to be made, oldest first.
    func libraryPhotosAwaitingRenditions(limit: Int) async throws -> [LibraryPhoto]
    /// Records renditions made for `original` under `stem`, and points every article photo
    /// of the picture at them; the articles whose pages change. Nothing changes when the
    /// picture got another original meanwhile.
    func renditionsMade(_ id: LibraryPhotoID, original: String, stem: String, at now: Date) async throws -> [ArticleID]
    func renditionsFailed(_ id: LibraryPhotoID, original: String, reason: String, at now: Date) async throws
    /// The files still needed: every rendition stem a library picture or an article photo
    /// (trashed articles included) names, and every original a library picture names.
    func photoFilesInUse() async throws -> PhotoFilesInUse
}

/// What `PhotoLibraryStore.photoFilesInUse` answers.
public struct PhotoFilesInUse: Hashable, Sendable {
    public var stems: Set<String>
    public var originals: Set<String>

    public init(stems: Set<String>, originals: Set<String>) {
        self.stems = stems
        self.originals = originals
    }
}
