import BylineCore

/// schema.org `NewsArticle` JSON-LD for the article page, as search engines and
/// portals read it.
enum StructuredData {
    /// An article's NewsArticle; a version of a story points to the newest one
    /// (`relatedLink`) and names the versions it follows (`isBasedOn`).
    /// Live coverage is a LiveBlogPosting with its start, its end once it ended, and its entries.
    static func newsArticle(
        _ article: Article, chain: StoryChain? = nil, live: LiveCoverage? = nil, site: SiteContext, tree: SectionTree
    ) -> String {
        let url = site.absolute(Links.article(article.id))
        func image(_ url: String, caption: String? = nil, width: Int? = nil, height: Int? = nil) -> ScriptSafeJSON {
            .object([
                ("@type", .string("ImageObject")), ("caption", caption.map(ScriptSafeJSON.string)),
                ("height", height.map(ScriptSafeJSON.int)), ("url", .string(url)), ("width", width.map(ScriptSafeJSON.int)),
            ])
        }
        // Keys in sorted order, as they are written (`ScriptSafeJSON.object`).
        let document = ScriptSafeJSON.object([
            ("@context", .string("https://schema.org")), ("@type", .string(live == nil ? "NewsArticle" : "LiveBlogPosting")),
            ("articleSection", tree.section(article.sectionID).map { .string($0.name) }),
            ("author", .array(article.authors.map {
                .object([
                    ("@type", .string("Person")), ("email", .string($0.email)), ("name", .string($0.name)),
                    ("url", .string(site.absolute(Links.reporter($0.id)))),
                ])
            })),
            ("coverageEndTime", live?.endedAt.map { .string(KoreanTime.iso8601($0)) }),
            ("coverageStartTime", live.map { .string(KoreanTime.iso8601($0.startedAt)) }),
            ("dateModified", .string(KoreanTime.iso8601(article.updatedAt))),
            ("datePublished", .string(KoreanTime.iso8601(article.publishedAt))),
            ("dateline", article.dateline.map { .string($0.city) }),
            ("description", .string(article.summary)), ("genre", .string(article.kind.koreanName)),
            ("headline", .string(article.headline)),
            ("image", images(article.photos.filter(\.isShown), site: site, image: image)),
            ("inLanguage", .string("ko-KR")),
            ("isBasedOn", chain.flatMap { chain in
                chain.earlier.isEmpty ? nil : .array(chain.earlier.map { .string(site.absolute(Links.article($0.id))) })
            }),
            ("keywords", article.tags.isEmpty ? nil : .array(article.tags.map { .string($0.name) })),
            ("liveBlogUpdate", live.map { live in
                .array(live.entries.map { entry in
                    .object([
                        ("@type", .string("BlogPosting")), ("articleBody", .string(entry.body)),
                        ("dateModified", entry.correctedAt.map { .string(KoreanTime.iso8601($0)) }),
                        ("datePublished", .string(KoreanTime.iso8601(entry.postedAt))),
                        ("headline", .string(String(entry.body.prefix(110)))),
                        ("url", .string(site.absolute(Links.article(article.id)) + "#live-\(entry.id)")),
                    ])
                })
            }),
            ("mainEntityOfPage", .object([("@id", .string(url)), ("@type", .string("WebPage"))])),
            ("publisher", .object([
                ("@type", .string("Organization")), ("logo", image(site.absolute(site.assets.url("logo.svg")))),
                ("name", .string(site.configuration.siteName)), ("url", .string(site.absolute("/"))),
            ])),
            ("relatedLink", chain.flatMap { chain in
                chain.isSuperseded ? chain.newest.map { .string(site.absolute(Links.article($0.id))) } : nil
            }),
            ("url", .string(url)),
        ])
        return document.text
    }

    /// Google asks for 16:9, 4:3 and 1:1 images of an article: a library picture gives its
    /// three crops, then the full picture; other photos are given as they are.
    static func images(
        _ photos: [Photo], site: SiteContext, image: (String, String?, Int?, Int?) -> ScriptSafeJSON
    ) -> ScriptSafeJSON? {
        guard !photos.isEmpty else { return nil }
        return .array(photos.enumerated().flatMap { index, photo -> [ScriptSafeJSON] in
            guard let renditions = photo.renditions else {
                return [image(site.absolute(photo.url), photo.caption, photo.width, photo.height)]
            }
            let crops = index == 0 ? [Rendition.Kind.wide, .standard, .square].compactMap(renditions.crop) : []
            let full = renditions.defaultWidth
            return crops.map { image(site.absolute("/media/" + $0.name), photo.caption, $0.width, $0.height) }
                + [image(site.absolute(photo.url), photo.caption, full, renditions.height(atWidth: full))]
        })
    }
}
