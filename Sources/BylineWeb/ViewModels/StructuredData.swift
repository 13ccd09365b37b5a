import BylineCore

/// schema.org `NewsArticle` JSON-LD for the article page, as search engines and
/// portals read it.
enum StructuredData {
    static func newsArticle(_ article: Article, site: SiteContext, tree: SectionTree) -> String {
        let url = site.absolute(Links.article(article.id))
        func image(_ url: String, caption: String? = nil, width: Int? = nil, height: Int? = nil) -> ScriptSafeJSON {
            .object([
                ("@type", .string("ImageObject")), ("url", .string(url)), ("caption", caption.map(ScriptSafeJSON.string)),
                ("width", width.map(ScriptSafeJSON.int)), ("height", height.map(ScriptSafeJSON.int)),
            ])
        }
        let document = ScriptSafeJSON.object([
            ("@context", .string("https://schema.org")), ("@type", .string("NewsArticle")), ("inLanguage", .string("ko-KR")),
            ("headline", .string(article.headline)), ("description", .string(article.summary)),
            ("datePublished", .string(KoreanTime.iso8601(article.publishedAt))),
            ("dateModified", .string(KoreanTime.iso8601(article.updatedAt))),
            ("mainEntityOfPage", .object([("@type", .string("WebPage")), ("@id", .string(url))])), ("url", .string(url)),
            ("author", .array(article.authors.map {
                .object([
                    ("@type", .string("Person")), ("name", .string($0.name)), ("email", .string($0.email)),
                    ("url", .string(site.absolute(Links.reporter($0.id)))),
                ])
            })),
            ("publisher", .object([
                ("@type", .string("Organization")), ("name", .string(site.configuration.siteName)), ("url", .string(site.absolute("/"))),
                ("logo", image(site.absolute(site.assets.url("logo.svg")))),
            ])),
            ("articleSection", tree.section(article.sectionID).map { .string($0.name) }), ("genre", .string(article.kind.koreanName)),
            ("dateline", article.dateline.map { .string($0.city) }),
            ("keywords", article.tags.isEmpty ? nil : .array(article.tags.map { .string($0.name) })),
            ("image", article.photos.isEmpty ? nil : .array(article.photos.map {
                image(site.absolute($0.url), caption: $0.caption, width: $0.width, height: $0.height)
            })),
        ])
        return document.text
    }
}
