import Benchmark
import BylineCore
import DemoFixtures

/// `SearchTokenizer.terms`: what every publish, update and import pays to index an article,
/// and what every search pays to read its query.
let benchmarks: @Sendable () -> Void = {
    let longest = Fixture<String>()
    let all = Fixture<[String]>()

    // The body field of the index, as SearchIndex.insert builds it: subheadlines, then the body.
    func indexedText(_ article: Article) -> String {
        (article.subheadlines + [article.body]).joined(separator: "\n")
    }

    Benchmark("Search terms of one article (longest demo body)", configuration: .byline()) { benchmark in
        let text = try longest.get()
        for _ in benchmark.scaledIterations {
            blackHole(SearchTokenizer.terms(text))
        }
    } setup: {
        longest.set(indexedText(try await DemoCorpus().longestArticle()))
    }

    // A re-index of the whole demo newsroom: 70 articles of every length and section.
    Benchmark("Search terms of all 70 demo articles", configuration: .byline()) { benchmark in
        let texts = try all.get()
        for _ in benchmark.scaledIterations {
            for text in texts {
                blackHole(SearchTokenizer.terms(text))
            }
        }
    } setup: {
        all.set(try await DemoCorpus().articles.map(indexedText))
    }

    // A reader's query: Hangul words, a word that starts with digits, and a quoted phrase.
    Benchmark("Search query parsed into clauses", configuration: .byline()) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SearchQuery("지하철 2호선 \"신호 장애\" 출근길"))
        }
    }
}
