/// One demo article as written for this project, before it is given dates and ids.
struct DemoArticleSeed: Sendable {
    /// Slug path of the section, `society/seoul`.
    let section: String
    let headline: String
    let subheadlines: [String]
    /// Body paragraphs in Markdown, without dateline and byline.
    let paragraphs: [String]
    let tags: [String]
    /// Dateline city.
    let dateline: String
    /// Index into `DemoNewsroom.reporters`.
    let reporter: Int
    /// How long before seeding the article was published.
    let hoursAgo: Int
    let breaking: Bool
    let photos: [DemoPhotoSeed]

    /// Every demo article, all sections together.
    static var all: [DemoArticleSeed] {
        politics + economy + society + world + culture + sports + tech
    }
}

/// A photo in a demo article; the image itself is drawn by `DemoPictures`.
struct DemoPhotoSeed: Sendable {
    let caption: String
    let alt: String
    let scene: DemoScene
    /// Index into `DemoNewsroom.reporters`.
    let photographer: Int
}

/// What a generated demo picture depicts.
enum DemoScene: String, Sendable, CaseIterable {
    case city, mountain, sea, stadium, stage, chart, building, field, night, classroom
}
