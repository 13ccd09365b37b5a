import BylineCore
import BylineMarkup
import Foundation

/// Imports go through the newsroom like every other change: whatever process runs them
/// (`byline import` beside a running server included), every cached page everywhere
/// follows, and search engines hear of the public articles written.
extension Newsroom {
    public func runImport(
        _ importer: NDJSONImporter, reading handle: FileHandle, totalBytes: Int?,
        progress: (NDJSONImporter.Progress) -> Void = { _ in }
    ) async throws -> NDJSONImporter.Report {
        let report: NDJSONImporter.Report
        var importer = importer
        importer.prepare = Self.renderingBodies
        do {
            report = try await importer.run(handle, totalBytes: totalBytes, progress: progress)
        } catch {
            // The batches before the failure are written: pages showing them must follow.
            await changes.announceEverything()
            throw error
        }
        // An import may touch any page and the sections in every page's navigation.
        if report.tally != ImportTally() { await changes.announceEverything() }
        await tellSearchEngines(about: report.articles)
        return report
    }

    /// The batch with its articles' bodies rendered, on every core: an import does this while
    /// the store writes the batch before, so that the one writer only writes.
    static func renderingBodies(_ records: [ExchangeRecord]) async -> [ExchangeRecord] {
        let articles = records.enumerated().compactMap { index, record -> (Int, ArticleDocument)? in
            if case .article(let document) = record { (index, document) } else { nil }
        }
        let rendered = await BodyHTML.render(markdowns: articles.map(\.1.body))
        var records = records
        for ((index, document), html) in zip(articles, rendered) {
            var document = document
            document.renderedBody = html
            records[index] = .article(document)
        }
        return records
    }

    /// Queues the public ones among `ids` for IndexNow.
    private func tellSearchEngines(about ids: [ArticleID]) async {
        guard let indexNow else { return }
        var start = ids.startIndex
        while start < ids.endIndex {
            let chunk = Array(ids[start..<min(start + 500, ids.endIndex)])
            start += chunk.count
            guard let shown = try? await store.summaries(chunk, asOf: clock.now) else { continue }
            indexNow.submit(shown.map { publicURL + "/news/\($0.id)" })
        }
    }
}
