import BylineCore
import Foundation

/// The demo newsroom a fresh `byline serve` starts with: sections, reporters,
/// articles with photos, and some reading history for the most-read lists.
/// Every word and picture was made for this project.
public enum DemoNewsroom {
    static let sections: [NewSection] = [
        ("politics", "정치"), ("politics/assembly", "국회"), ("politics/diplomacy", "외교"),
        ("economy", "경제"), ("economy/finance", "금융"), ("economy/industry", "산업"), ("economy/realestate", "부동산"),
        ("society", "사회"), ("society/seoul", "서울시"), ("society/education", "교육"), ("society/environment", "환경"),
        ("world", "국제"), ("world/asia", "아시아"), ("world/americas", "미주"),
        ("culture", "문화"), ("culture/stage", "공연"), ("culture/books", "출판"),
        ("sports", "스포츠"), ("sports/baseball", "야구"), ("sports/football", "축구"),
        ("tech", "IT·과학"), ("tech/science", "과학"), ("tech/mobile", "모바일"),
    ].enumerated().compactMap { index, entry in
        SectionPath(entry.0).map { NewSection(path: $0, name: entry.1, position: index) }
    }

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

    /// Fills an empty store. Pictures are written to `mediaDirectory` and served under `/media/`.
    public static func seed(into store: any NewsStore, mediaDirectory: URL, now: Date) async throws {
        try FileManager.default.createDirectory(at: mediaDirectory, withIntermediateDirectories: true)
        for section in sections {
            _ = try await store.createSection(section)
        }
        for reporter in reporters {
            _ = try await store.addReporter(reporter)
        }
        var published: [(ArticleID, Int)] = []
        for (index, seed) in DemoArticleSeed.all.enumerated() {
            let article = try newArticle(seed, number: index, now: now, mediaDirectory: mediaDirectory)
            published.append((try await store.publish(article), seed.hoursAgo))
        }
        try await recordReadingHistory(for: published, into: store, now: now)
    }

    static func newArticle(_ seed: DemoArticleSeed, number: Int, now: Date, mediaDirectory: URL) throws -> NewArticle {
        guard let section = SectionPath(seed.section) else {
            throw BylineError.invalidInput("demo section \(seed.section)")
        }
        // Minutes vary so that articles of the same hour do not share a timestamp.
        let publishedAt = now.addingTimeInterval(-Double(seed.hoursAgo * 3600 + (number * 7) % 50 * 60))
        var photos: [NewPhoto] = []
        for (position, photo) in seed.photos.enumerated() {
            let name = "demo-\(number + 1)-\(position + 1).svg"
            let svg = DemoPictures.svg(scene: photo.scene, variant: number * 3 + position)
            try Data(svg.utf8).write(to: mediaDirectory.appendingPathComponent(name), options: .atomic)
            photos.append(NewPhoto(
                url: "/media/\(name)", caption: photo.caption, alt: photo.alt,
                photographerEmail: reporters[photo.photographer % reporters.count].email,
                takenAt: publishedAt.addingTimeInterval(-1800), width: DemoPictures.width, height: DemoPictures.height))
        }
        return NewArticle(
            headline: seed.headline, subheadlines: seed.subheadlines,
            body: seed.paragraphs.joined(separator: "\n\n"), section: section,
            authorEmails: [reporters[seed.reporter % reporters.count].email],
            tags: seed.tags.compactMap(Tag.init), dateline: Dateline(city: seed.dateline),
            isBreaking: seed.breaking, photos: photos, publishedAt: publishedAt)
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
