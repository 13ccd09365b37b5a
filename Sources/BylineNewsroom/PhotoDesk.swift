import BylineCore
import BylineMedia
import Foundation
import Logging
import ServiceLifecycle

/// The photo desk: uploads become library pictures at once (original kept privately,
/// metadata read from the file), and their renditions are made in the background, one
/// picture at a time on a queue of their own, so that neither the request nor the
/// server's other work waits for libvips.
///
/// Pending pictures live in the database: a restart, or another process sharing the data
/// directory, picks up where this one stopped.
public final class PhotoDesk: Service, Sendable {
    let library: any PhotoLibraryStore
    let newsroom: Newsroom
    let processor: PhotoProcessor
    /// Originals, never served.
    let originals: URL
    /// Renditions, served under /media/.
    let media: URL
    let clock: NewsClock
    let logger: Logger
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    /// Renditions are made one picture at a time: libvips already uses every core for one,
    /// and four 24-megapixel uploads at once must not take four times the memory.
    private static let renderQueue = DispatchQueue(label: "byline.photos.render")
    /// Header reads for uploads, apart from renders so that an upload never waits behind one.
    private static let readQueue = DispatchQueue(label: "byline.photos.read", attributes: .concurrent)

    public init(
        library: any PhotoLibraryStore, newsroom: Newsroom, processor: PhotoProcessor, dataDirectory: URL, media: URL,
        clock: NewsClock, logger: Logger
    ) {
        self.library = library
        self.newsroom = newsroom
        self.processor = processor
        self.originals = dataDirectory.appendingPathComponent("originals")
        self.media = media
        self.clock = clock
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The largest upload body read: the largest picture plus room for the form's text fields.
    /// A picture between the two gets the photo desk's own message, a larger body a 413.
    public var uploadLimit: Int { processor.maximumBytes + 256 * 1024 }

    /// The largest picture taken, in whole megabytes, as the upload forms and refusals say it.
    public var maximumMegabytes: Int { processor.maximumBytes / 1024 / 1024 }

    /// Adds an uploaded picture to the library: checked by its bytes, the original stored,
    /// caption, by-line, credit, copyright and time taken from the file where the desk
    /// left them empty. Renditions follow in the background.
    /// With `needsCaption`, a picture that gets no caption from the form or the file is
    /// refused before it enters the library.
    public func upload(
        _ bytes: [UInt8], description: UploadDescription, needsCaption: Bool = false, by user: User?
    ) async throws -> LibraryPhoto {
        let (name, info, original) = try await keepOriginal(bytes)
        let metadata = original.metadata
        // The same picture uploaded again is the library's picture, not a second copy.
        if let known = try await library.libraryPhoto(original: name) {
            if needsCaption, description.caption.nonEmpty == nil, known.caption.isEmpty { throw PhotoProblem.captionMissing }
            return known
        }
        if needsCaption, description.caption.nonEmpty == nil, metadata.caption == nil { throw PhotoProblem.captionMissing }
        var new = NewLibraryPhoto(
            original: name, format: info.format, width: original.width, height: original.height,
            caption: description.caption.nonEmpty ?? metadata.caption ?? "", alt: description.alt,
            credit: description.credit.nonEmpty ?? metadata.credit ?? "", byline: metadata.byline ?? "",
            copyright: metadata.copyright ?? "", takenAt: metadata.createdAt, uploadedBy: user?.id)
        new.frames = original.frames
        let photo = try await library.addLibraryPhoto(new, at: clock.now)
        wake.yield()
        return photo
    }

    /// Gives a library picture a new original; every article showing it gets the new
    /// renditions when they are made, and the old files stay for pages cached meanwhile.
    public func replace(_ id: LibraryPhotoID, with bytes: [UInt8]) async throws -> LibraryPhoto {
        let (name, info, original) = try await keepOriginal(bytes)
        try await library.replaceLibraryOriginal(
            id, original: name, format: info.format, width: original.width, height: original.height, frames: original.frames,
            at: clock.now)
        wake.yield()
        guard let photo = try await library.libraryPhoto(id) else { throw BylineError.notFound }
        return photo
    }

    /// Changes what the desk says about a picture; a new focal point brings new crops.
    public func describe(_ id: LibraryPhotoID, _ description: LibraryPhotoDescription) async throws {
        try await library.describeLibraryPhoto(id, description, at: clock.now)
        wake.yield()
        // Captions shown on pages change with it only when articles are saved again: an
        // article keeps the caption it was published with.
    }

    private func keepOriginal(_ bytes: [UInt8]) async throws -> (String, ImageInfo, PhotoOriginal) {
        let info = try processor.examine(bytes)
        let name = "\(ContentHash.hex(bytes))-\(bytes.count).\(info.format.fileExtension)"
        let path = originals.appendingPathComponent(name)
        let processor = self.processor, directory = originals
        return try await Self.run(on: Self.readQueue) { () throws(PhotoProblem) -> (String, ImageInfo, PhotoOriginal) in
            let written: Bool
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                written = !FileManager.default.fileExists(atPath: path.path)
                if written { try Self.write(bytes, to: path) }
            } catch {
                throw .cannotWrite
            }
            do throws(PhotoProblem) {
                return (name, info, try processor.inspect(path.path, format: info.format))
            } catch let problem {
                // A file libvips cannot even read the header of is not kept.
                if written { try? FileManager.default.removeItem(at: path) }
                throw problem
            }
        }
    }

    /// Writes an upload as it is, without the copy `Data(bytes)` would make of it.
    private static func write(_ bytes: [UInt8], to path: URL) throws {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { throw PhotoProblem.empty }
            try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                .write(to: path, options: .atomic)
        }
    }

    /// Makes the renditions of every pending picture; how many were done.
    @discardableResult
    public func renderPending() async -> Int {
        var done = 0
        // Each picture once per call: one whose result could not be recorded (the database
        // away) waits for the next call instead of being made again and again.
        var tried: Set<LibraryPhotoID> = []
        while true {
            let pending: [LibraryPhoto]
            do {
                pending = try await library.libraryPhotosAwaitingRenditions(limit: 8 + tried.count)
            } catch {
                logger.warning("cannot read the pictures awaiting renditions", metadata: ["error": "\(error)"])
                return done
            }
            // Originals this process does not have (another node's upload) are left to it.
            let here = pending.filter {
                !tried.contains($0.id) && FileManager.default.fileExists(atPath: originals.appendingPathComponent($0.original).path)
            }
            guard !here.isEmpty else { return done }
            for photo in here {
                tried.insert(photo.id)
                await render(photo)
                done += 1
            }
        }
    }

    /// Makes the renditions of every library picture whose files were made under other
    /// settings (sizes, watermark) or not at all, telling `progress` after each (done, of).
    /// Pictures already made under the current settings are skipped, so an interrupted
    /// rebuild picks up where it stopped. Returns how many were made (a missing original is skipped).
    public func rebuild(progress: @Sendable (Int, Int) -> Void) async throws -> Int {
        var stale: [LibraryPhoto] = []
        var cursor: PageCursor?
        repeat {
            let page = try await library.libraryPhotos(matching: nil, page: PageRequest(after: cursor, limit: 100))
            stale += page.items.filter { $0.isPending || $0.stem != Self.stem(of: $0, watermark: processor.watermark) }
            cursor = page.next
        } while cursor != nil
        var made = 0
        for (index, photo) in stale.reversed().enumerated() {
            if FileManager.default.fileExists(atPath: originals.appendingPathComponent(photo.original).path) {
                await render(photo)
                made += 1
            } else {
                logger.warning("photo original missing; skipped", metadata: ["photo": "\(photo.id)", "original": "\(photo.original)"])
            }
            progress(index + 1, stale.count)
        }
        return made
    }

    /// Deletes the files that no library picture or article names any more and that have not
    /// changed for `age`: renditions of a replaced original, an old focal point or old
    /// settings, and replaced originals. The age gives pages cached elsewhere (browsers, a
    /// CDN, an outlet's copy) time to move to the new files, and spares files being made now,
    /// which are written before their stem is recorded.
    public func prune(olderThan age: TimeInterval) async throws -> (renditions: Int, originals: Int) {
        let inUse = try await library.photoFilesInUse()
        let cutoff = clock.now.addingTimeInterval(-age)
        func remove(in directory: URL, where unused: (String) -> Bool) throws -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            var removed = 0
            for name in names where unused(name) {
                let file = directory.appendingPathComponent(name)
                guard let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date,
                      modified < cutoff
                else { continue }
                try FileManager.default.removeItem(at: file)
                removed += 1
            }
            return removed
        }
        // A rendition is `p-<hash>-<size>.<type>`; other files in media/ (the demo's) are not the desk's.
        let renditions = try remove(in: media) { name in
            let parts = name.split(separator: "-", maxSplits: 2)
            return parts.count == 3 && parts[0] == "p" && !inUse.stems.contains("p-\(parts[1])")
        }
        let originals = try remove(in: originals) { !inUse.originals.contains($0) }
        logger.info("photo files pruned", metadata: ["renditions": "\(renditions)", "originals": "\(originals)"])
        return (renditions, originals)
    }

    /// The stem the picture's renditions have, or will have once made, under this desk's settings.
    public func plannedStem(of photo: LibraryPhoto) -> String {
        Self.stem(of: photo, watermark: processor.watermark)
    }

    /// The renditions' common name: the original's content hash with everything that
    /// shapes the files, so that a new focal point or watermark gives new URLs and cached
    /// pages keep the old ones.
    static func stem(of photo: LibraryPhoto, watermark: Watermark?) -> String {
        let parts = [photo.original, String(format: "%.3f,%.3f", photo.focus.x, photo.focus.y), PhotoProcessor.version,
                     watermark.map { "\($0.path),\($0.corner.rawValue),\($0.opacity),\($0.minimumWidth)" } ?? ""]
        return "p-" + ContentHash.hex(Array(parts.joined(separator: "|").utf8))
    }

    private func render(_ photo: LibraryPhoto) async {
        let stem = Self.stem(of: photo, watermark: processor.watermark)
        let rights = RightsNotice(
            copyright: photo.copyright.nonEmpty ?? photo.credit.nonEmpty.map { "ⓒ \($0)" }, credit: photo.credit.nonEmpty,
            creator: photo.byline.nonEmpty)
        let processor = self.processor, source = originals.appendingPathComponent(photo.original).path, media = self.media
        let started = ContinuousClock.now
        do {
            _ = try await Self.run(on: Self.renderQueue) { () throws(PhotoProblem) -> [Rendition] in
                try processor.render(source, stem: stem, focus: photo.focus, rights: rights, into: media)
            }
            let articles = try await library.renditionsMade(photo.id, original: photo.original, stem: stem, at: clock.now)
            logger.info("photo renditions made", metadata: [
                "photo": "\(photo.id)", "stem": "\(stem)", "articles": "\(articles.count)", "took": "\(ContinuousClock.now - started)"])
            for article in articles { await newsroom.picturesChanged(article) }
        } catch let problem as PhotoProblem {
            logger.warning("photo renditions failed", metadata: ["photo": "\(photo.id)", "problem": "\(problem)"])
            try? await library.renditionsFailed(photo.id, original: photo.original, reason: problem.message, at: clock.now)
        } catch {
            logger.warning("photo renditions not recorded; retrying later", metadata: ["photo": "\(photo.id)", "error": "\(error)"])
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                // Besides uploads, look again now and then for work left by a restart or by a
                // database that was away.
                group.addTask { [wake = self.wake] in
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: .seconds(10))
                    }
                }
                for await _ in self.wakes {
                    await self.renderPending()
                }
                group.cancelAll()
            }
        }
    }

    private static func run<T: Sendable>(
        on queue: DispatchQueue, _ work: @escaping @Sendable () throws(PhotoProblem) -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try work())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// What the desk typed beside an upload; empty fields are filled from the file.
public struct UploadDescription: Sendable {
    public var caption: String
    public var alt: String
    public var credit: String

    public init(caption: String = "", alt: String = "", credit: String = "") {
        self.caption = caption
        self.alt = alt
        self.credit = credit
    }
}

extension String {
    var nonEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
