import Benchmark
import BylineCore
import BylineMarkup
import BylineWeb
import DemoFixtures

/// The article page, `/news/{id}`, for the longest demo article: rendered from storage on
/// every request, served from the page cache, and its body's Markdown alone.
let benchmarks: @Sendable () -> Void = {
    let uncached = Fixture<(site: ReaderSite, path: String)>()
    let cached = Fixture<(site: ReaderSite, path: String)>()
    let body = Fixture<String>()

    // What `--no-cache` serves: route, request guard, three storage reads (article, related,
    // most read), the view model, the Markdown body and the Mustache layout and article templates.
    Benchmark("Article page, rendered (no cache)", configuration: .byline()) { benchmark in
        let (site, path) = try uncached.get()
        for _ in benchmark.scaledIterations {
            blackHole(try await site.get(path).body.readableBytes)
        }
    } setup: {
        uncached.set(try await openArticle(cacheEnabled: false))
    } teardown: {
        await uncached.take()?.site.stop()
    }

    // What most readers get: the same route answered from the warm page cache, gzipped.
    Benchmark("Article page, from the page cache", configuration: .byline()) { benchmark in
        let (site, path) = try cached.get()
        for _ in benchmark.scaledIterations {
            blackHole(try await site.get(path).body.readableBytes)
        }
    } setup: {
        cached.set(try await openArticle(cacheEnabled: true))
    } teardown: {
        await cached.take()?.site.stop()
    }

    // The body alone: Ink and the HTML sanitiser, paragraph by paragraph, as a save renders it.
    Benchmark("Article body, Markdown to safe HTML (on save)", configuration: .byline()) { benchmark in
        let markdown = try body.get()
        for _ in benchmark.scaledIterations {
            blackHole(BodyHTML.render(markdown: markdown))
        }
    } setup: {
        body.set(try await DemoCorpus().longestArticle().body)
    }
}

/// A reader site on the demo newsroom and the path of its longest article, requested once
/// so that a cache, where there is one, is warm.
func openArticle(cacheEnabled: Bool) async throws -> (site: ReaderSite, path: String) {
    let corpus = try await DemoCorpus()
    let path = "/news/\(try corpus.longestArticle().id)"
    let site = try await ReaderSite(corpus: corpus, cacheEnabled: cacheEnabled)
    try await site.get(path)
    return (site, path)
}
