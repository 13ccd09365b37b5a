import BylineCore
import Foundation

/// The demo newsroom a fresh `byline serve` starts with: sections, reporters,
/// articles with photos, and some reading history for the most-read lists.
/// Every word and picture was made for this project.
///
/// The sections and articles are data, `Resources/demo.ndjson` in the import format, loaded
/// through the importer; their dates are written as of `DemoNewsroom.writtenAsOf` and moved
/// to the present when seeded, so that a new site always shows today's news.
public enum DemoNewsroom {
    /// The moment the demo file's dates are relative to.
    static let writtenAsOf = Date(timeIntervalSince1970: 1_767_236_400)  // 2026-01-01T12:00:00+09:00

    /// The demo's reporters with their beats, which the import format does not carry.
    static let reporters: [NewReporter] = [
        NewReporter(name: "김도윤", email: "doyun.kim@byline.example", beat: "국회와 정당을 취재합니다."),
        NewReporter(name: "이서연", email: "seoyeon.lee@byline.example", beat: "외교·안보 담당 기자입니다."),
        NewReporter(name: "박준호", email: "junho.park@byline.example", beat: "금융과 통화정책을 씁니다."),
        NewReporter(name: "최하은", email: "haeun.choi@byline.example", beat: "산업과 부동산 시장을 취재합니다."),
        NewReporter(name: "정민재", email: "minjae.jung@byline.example", beat: "서울시와 수도권 행정을 맡고 있습니다."),
        NewReporter(name: "강지우", email: "jiwoo.kang@byline.example", beat: "교육과 환경 분야를 취재합니다."),
        NewReporter(name: "윤태양", email: "taeyang.yoon@byline.example", beat: "국제부에서 아시아와 미주를 담당합니다."),
        NewReporter(name: "한소희", email: "sohee.han@byline.example", beat: "공연과 출판 소식을 전합니다."),
        NewReporter(name: "오승민", email: "seungmin.oh@byline.example", beat: "프로야구와 축구 현장을 누빕니다."),
        NewReporter(name: "서유진", email: "yujin.seo@byline.example", beat: "과학기술과 모바일 산업을 취재합니다."),
    ]

    /// Fills an empty store. Pictures are copied to `mediaDirectory` and served under `/media/`.
    public static func seed(into store: any NewsStore, mediaDirectory: URL, now: Date) async throws {
        guard let file = Bundle.module.url(forResource: "demo", withExtension: "ndjson"),
              let pictures = Bundle.module.url(forResource: "media", withExtension: nil)
        else { throw BylineError.invalidInput("the demo newsroom's files are missing from the build") }
        try copyPictures(from: pictures, to: mediaDirectory)
        for reporter in reporters {
            _ = try await store.addReporter(reporter)
        }
        let shift = now.timeIntervalSince(writtenAsOf)
        let importer = NDJSONImporter(
            store: store, mediaDirectory: mediaDirectory, sourceDirectory: file.deletingLastPathComponent(),
            clock: NewsClock { now }
        ) { record in
            guard case .article(var document) = record else { return record }
            document.publishedAt = document.publishedAt?.addingTimeInterval(shift)
            return .article(document)
        }
        let report = try await importer.run(try FileHandle(forReadingFrom: file), totalBytes: nil)
        if let failure = report.failures.first { throw BylineError.invalidInput("demo \(failure)") }
        let published = try await store.articles(report.articles, asOf: now).map { article in
            (article.id, Int(now.timeIntervalSince(article.publishedAt) / 3600))
        }
        try await recordReadingHistory(for: published, into: store, now: now)
    }

    private static func copyPictures(from source: URL, to mediaDirectory: URL) throws {
        try FileManager.default.createDirectory(at: mediaDirectory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".svg") {
            let target = mediaDirectory.appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: target.path) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target)
            }
        }
    }

    /// Spreads a deterministic number of views over the hours since each article appeared,
    /// so that the 1h, 24h and 7d most-read lists differ from one another.
    static func recordReadingHistory(for articles: [(ArticleID, Int)], into store: any NewsStore, now: Date) async throws {
        var byHour: [Int: [ArticleID: Int]] = [:]
        for (index, (id, hoursAgo)) in articles.enumerated() {
            let appeal = (index * 37 + 11) % 23 + 1
            for hour in 0...min(hoursAgo, 24 * 7) where (hour + index) % 3 == 0 || hour < 2 {
                let views = appeal * 40 / (hoursAgo - hour + 2) + (appeal + hour) % 5
                byHour[hour, default: [:]][id] = views
            }
        }
        for (hour, counts) in byHour {
            try await store.recordViews(counts, at: now.addingTimeInterval(-Double(hour) * 3600))
        }
    }
}
