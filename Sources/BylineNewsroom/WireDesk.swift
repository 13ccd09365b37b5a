import BylineCore
import BylineIngest
import BylineMarkup
import BylineMedia
import Foundation
import Logging

/// The 수신 desk: partners' items into the queue (from the ingest API, a dropped file or a
/// polled feed), and from the queue into drafts when an editor writes one up.
public struct WireDesk: Sendable {
    let store: any NewsroomBackend
    let newsroom: Newsroom
    let photos: PhotoDesk?
    let fetch: PartnerFetch
    let clock: NewsClock
    let logger: Logger

    public init(
        store: any NewsroomBackend, newsroom: Newsroom, photos: PhotoDesk?, fetch: PartnerFetch = PartnerFetch(), clock: NewsClock,
        logger: Logger
    ) {
        self.store = store
        self.newsroom = newsroom
        self.photos = photos
        self.fetch = fetch
        self.clock = clock
        self.logger = logger
    }

    /// Reads everything sent before keeping any of it: a document with one bad item is
    /// refused whole (`IngestProblem`), and the refusal is logged with its reason.
    public func receive(
        _ bytes: [UInt8], kind: IncomingDecoder.Kind, from source: WireSource, via channel: String
    ) async throws -> [(IncomingItem, ReceiveOutcome)] {
        let items: [IncomingContent]
        do {
            items = try IncomingDecoder.items(bytes, kind: kind)
        } catch let problem as IngestProblem {
            refused(problem, from: source, via: channel, bytes: bytes.count)
            throw problem
        }
        return try await keep(items, from: source, via: channel)
    }

    /// Logs a refusal with its reason; `bytes` is how much was read of it.
    public func refused(_ problem: IngestProblem, from source: WireSource, via channel: String, bytes: Int) {
        logger.warning("wire item refused", metadata: [
            "source": "\(source.name)", "via": "\(channel)", "bytes": "\(bytes)", "reason": "\(problem.explanation)",
        ])
    }

    /// Keeps items already read, logging each.
    func keep(_ items: [IncomingContent], from source: WireSource, via channel: String) async throws -> [(IncomingItem, ReceiveOutcome)] {
        var kept: [(IncomingItem, ReceiveOutcome)] = []
        for content in items {
            let (item, outcome) = try await store.receive(content, from: source.id, at: clock.now)
            if outcome != .unchanged {
                logger.info("wire item received", metadata: [
                    "source": "\(source.name)", "via": "\(channel)", "guid": "\(content.guid)", "version": "\(item.version)",
                    "outcome": "\(outcome.rawValue)",
                ])
            }
            kept.append((item, outcome))
        }
        return kept
    }

    /// A draft from an item: headline, body, photos (fetched into the library) and credit
    /// carried over, the source named in the dateline as Korean agencies do, `[워싱턴 AP=Byline]`,
    /// the writer the editor who wrote it up. An item written up before answers its draft.
    /// `libraryImage` is where the newsroom's pages show a library picture. Returns the draft
    /// and how many photos could not be fetched.
    public func writeUp(
        _ id: IncomingItemID, section: SectionPath, by user: User, libraryImage: @Sendable (LibraryPhotoID) -> String
    ) async throws -> (ArticleID, missingPhotos: Int) {
        guard let item = try await store.incomingItem(id), let source = try await store.source(item.source) else {
            throw BylineError.notFound
        }
        if let article = item.article, (try? await newsroom.draft(article)) != nil { return (article, 0) }
        let content = item.content
        guard !content.isWithdrawn else { throw BylineError.invalidInput("출처가 거둬들인 항목이라 기사로 쓸 수 없습니다.") }
        let (pictures, missing) = await libraryPhotos(content, source: source, by: user, libraryImage: libraryImage)
        let city = [content.dateline, source.name].filter { !$0.isEmpty }.joined(separator: " ")
        let document = ArticleDocument(
            headline: String(content.headline.prefix(200)),
            subheadlines: content.subheadline.isEmpty ? [] : [content.subheadline],
            body: IncomingHTML.markdown(fromSanitized: content.bodyHTML).nonEmpty ?? content.headline,
            section: section, authors: [Byline(name: user.name, email: user.email)],
            dateline: String(city.prefix(20)), publishedAt: nil, photos: pictures)
        let embargo = content.embargoUntil.flatMap { $0 > clock.now ? $0 : nil }
        let article = try await newsroom.create(document, embargoUntil: embargo, by: user)
        try await store.markWrittenUp(id, as: article)
        logger.info("wire item written up", metadata: [
            "item": "\(id)", "source": "\(source.name)", "article": "\(article)", "user": "\(user.email)", "missingPhotos": "\(missing)",
        ])
        return (article, missing)
    }

    /// The item's photos, each fetched and put in the library with its caption and credit
    /// (the source's name when the item gives none).
    func libraryPhotos(
        _ content: IncomingContent, source: WireSource, by user: User, libraryImage: @Sendable (LibraryPhotoID) -> String
    ) async -> ([PhotoDocument], missing: Int) {
        guard let photos else { return ([], content.photos.count) }
        var documents: [PhotoDocument] = []
        for photo in content.photos.prefix(20) {
            do {
                let bytes = try await fetch.get(photo.url, limit: photos.processor.maximumBytes, publicOnly: true)
                let credit = photo.credit.nonEmpty ?? source.name
                let caption = photo.caption.nonEmpty ?? content.headline
                let added = try await photos.upload(bytes, description: UploadDescription(caption: caption, alt: caption, credit: credit), by: user)
                documents.append(PhotoDocument(
                    url: libraryImage(added.id), caption: caption, credit: credit, alt: added.alt.nonEmpty ?? caption,
                    width: added.width, height: added.height, library: added.id))
            } catch {
                logger.warning("wire photo not fetched", metadata: ["url": "\(photo.url)", "error": "\(error)"])
            }
        }
        return (documents, content.photos.prefix(20).count - documents.count)
    }
}
