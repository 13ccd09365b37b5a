import BylineCore
import BylineSQLite
import Foundation
import Testing

/// Search behaves the same on every backend: it is written against the contract.
@Suite("Storage contract: Korean search")
struct SearchContractTests {
    static let noon = NewsroomFixture.noon
    let later = NewsroomFixture.noon.addingTimeInterval(86_400)

    /// A newsroom of short original articles built to exercise the tokenizer.
    func newsroom(_ backend: StorageBackend) async throws -> NewsroomFixture {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let articles: [(String, String, Int, String, [String])] = [
            ("서울시는 청계천 산책로를 넓힌다", "서울시는 내년 봄까지 산책로를 넓힌다고 밝혔다.", -10, "society/seoul", ["산책"]),
            ("지하철 요금 인상 논의", "서울에서 지하철 요금 인상이 논의되고 있다.", -20, "society/seoul", []),
            ("독도 해양 조사 마쳐", "연구진이 독도 주변 바다의 수온을 측정했다.", -30, "society", ["독도"]),
            ("KBO 올스타전 열려", "프로야구 kbo 올스타전에서 5G 중계가 처음 쓰였다.", -40, "economy", ["프로야구"]),
            ("경제 단신", "항만 물동량이 늘었다. 서울 시청 앞에서 행사가 열렸다.", -50, "economy", []),
            ("시청 앞 광장", "서울시청 앞 광장이 새로 단장됐다.", -60, "society", []),
        ]
        for (headline, body, minutes, section, tags) in articles {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: body, section: SectionPath(section)!, authorEmails: [NewsroomFixture.reporterA.email],
                tags: tags.compactMap(Tag.init), publishedAt: Self.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        return newsroom
    }

    func find(_ text: String, in store: any NewsStore, filters: ArticleListing = .latest, order: SearchOrder = .relevance,
              asOf: Date? = nil) async throws -> [String] {
        let request = SearchRequest(query: try SearchQuery(text), filters: filters, order: order, page: PageRequest(limit: 20))
        return try await store.search(request, asOf: asOf ?? later).items.map(\.headline)
    }

    @Test("two-syllable words are found inside words with particles, whatever the spacing", arguments: StorageBackend.allCases)
    func twoSyllables(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        let seoul = try await find("서울", in: store)
        #expect(Set(seoul) == ["서울시는 청계천 산책로를 넓힌다", "지하철 요금 인상 논의", "경제 단신", "시청 앞 광장"])
        #expect(try await find("독도", in: store) == ["독도 해양 조사 마쳐"])
        #expect(try await find("청계천", in: store) == ["서울시는 청계천 산책로를 넓힌다"])
    }

    @Test("a single syllable matches as a prefix", arguments: StorageBackend.allCases)
    func oneSyllable(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        #expect(try await find("독", in: store) == ["독도 해양 조사 마쳐"])
    }

    @Test("decomposed (NFD) input and letter case do not matter; Latin words and numbers match whole", arguments: StorageBackend.allCases)
    func normalisation(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        let nfd = "독도".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > 2)
        #expect(try await find(nfd, in: store) == ["독도 해양 조사 마쳐"])
        #expect(try await find("kbo", in: store) == ["KBO 올스타전 열려"])
        #expect(try await find("KBO", in: store) == ["KBO 올스타전 열려"])
        #expect(try await find("5g", in: store) == ["KBO 올스타전 열려"])
        #expect(try await find("kb", in: store) == [], "Latin words are not prefixes")
    }

    @Test("several terms must all match, and a quoted phrase must appear as written", arguments: StorageBackend.allCases)
    func andAndPhrases(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        #expect(try await find("서울 지하철", in: store) == ["지하철 요금 인상 논의"])
        #expect(try await find("\"서울 시청\"", in: store) == ["경제 단신"])
        #expect(Set(try await find("서울 시청", in: store)) == ["경제 단신", "시청 앞 광장"])
        #expect(try await find("없는낱말", in: store) == [])
    }

    @Test(
        "a phrase of words that are common but seldom touch is found only where they touch, in either order, after edits",
        arguments: StorageBackend.allCases)
    func phraseOfCommonWords(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        func publish(_ headline: String, _ body: String, minutes: Int, externalID: String? = nil) async throws {
            let document = ArticleDocument(
                externalID: externalID, headline: headline, body: body, section: SectionPath("society")!,
                authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)],
                publishedAt: Self.noon.addingTimeInterval(Double(minutes) * 60))
            _ = try await store.importRecords([.article(document)], at: Self.noon)
        }
        // Both words in every article, side by side in two: once as written, once across a full stop.
        for number in 0..<30 {
            try await publish("구정 소식 \(number)", "예산 심의가 끝났다. 돌봄 지원 확대가 논의됐다.", minutes: number,
                              externalID: number == 0 ? "edited" : nil)
        }
        try await publish("예산 확대 발표", "구청이 사업비를 늘린다.", minutes: 40)
        try await publish("구청 소식", "내년 예산. 확대 편성은 없다.", minutes: 50)
        // A particle between them: not the phrase.
        try await publish("의회 소식", "의회가 예산을 확대했다.", minutes: 60)

        let phrase = "\"예산 확대\""
        #expect(Set(try await find(phrase, in: store)) == ["예산 확대 발표", "구청 소식"])
        #expect(try await find(phrase, in: store, order: .newest) == ["구청 소식", "예산 확대 발표"])
        #expect(try await find("\"확대 예산\"", in: store) == [])
        // An edit that makes the words touch is found; unquoted, the words need not touch.
        try await publish("구정 소식 0", "돌봄 예산 확대가 논의됐다.", minutes: 0, externalID: "edited")
        #expect(Set(try await find(phrase, in: store)) == ["예산 확대 발표", "구청 소식", "구정 소식 0"])
        #expect(try await find("예산 확대", in: store, order: .newest).first == "의회 소식")
    }

    @Test("an article of outsize words and length is saved and found by its words and phrases", arguments: StorageBackend.allCases)
    func outsizeArticle(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        // Two Latin words longer than a PostgreSQL lexeme may be, side by side; then 40,000
        // varied words, whose pairs alone would pass a tsvector's megabyte.
        let long = String(repeating: "a", count: 2_100), longer = String(repeating: "b", count: 1_500)
        let medium = String(repeating: "c", count: 150)
        let syllables = (0..<80_000).map { Character(Unicode.Scalar(0xAC00 + ($0 * 7_919) % 11_172)!) }
        let words = stride(from: 0, to: syllables.count, by: 2).map { String(syllables[$0..<$0 + 2]) }
        let body = "\(long) \(longer) 등대 불빛 \(medium) 바다. " + words.joined(separator: " ") + " 항구 마을 끝."
        let id = try await newsroom.store.publish(NewArticle(
            headline: "아주 긴 기사", body: body, section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
            publishedAt: Self.noon))
        #expect(try await newsroom.store.article(id, asOf: later) != nil)
        // Newer articles, so that newest-first reaches it past the newest few (on PostgreSQL,
        // through the index, narrowed by pairs).
        for number in 0..<5 {
            try await newsroom.publish("다른 소식 \(number)", minutes: 10 + number)
        }
        for order in SearchOrder.allCases {
            #expect(try await find("\"등대 불빛\"", in: newsroom.store, order: order) == ["아주 긴 기사"])
            #expect(try await find("\"\(medium) 바다\"", in: newsroom.store, order: order) == ["아주 긴 기사"])
            #expect(try await find("항구", in: newsroom.store, order: order) == ["아주 긴 기사"])
            #expect(try await find("\"바다 등대\"", in: newsroom.store, order: order) == [])
        }
    }

    @Test("filters by section (with subsections), reporter and date", arguments: StorageBackend.allCases)
    func filters(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        let tree = SectionTree(try await store.sections())
        let society = try #require(tree.section(at: SectionPath("society")!))
        #expect(Set(try await find("서울", in: store, filters: .sections(tree.subtree(of: society.id))))
            == ["서울시는 청계천 산책로를 넓힌다", "지하철 요금 인상 논의", "시청 앞 광장"])
        #expect(try await find("서울", in: store, filters: .reporter(ReporterID(rawValue: 2))) == [])
        let window = ArticleListing(since: Self.noon.addingTimeInterval(-25 * 60), until: Self.noon)
        #expect(Set(try await find("서울", in: store, filters: window)) == ["서울시는 청계천 산책로를 넓힌다", "지하철 요금 인상 논의"])
    }

    @Test("ranking puts headline matches first, newer first among equals; newest order is by time", arguments: StorageBackend.allCases)
    func ranking(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        // Other news, so that the searched word is rare as in a real archive (bm25 weighs rarity).
        for number in 0..<20 {
            _ = try await newsroom.store.publish(NewArticle(
                headline: "지역 소식 \(number)", body: "축제가 열렸다.", section: SectionPath("society")!,
                authorEmails: [NewsroomFixture.reporterA.email], publishedAt: Self.noon.addingTimeInterval(-86_400)))
        }
        for (headline, body, minutes) in [
            ("본문에만 있는 기사", "이번 주 반도체 수출이 늘었다.", 0),
            ("반도체 수출 증가", "수출이 늘었다.", -600),
            ("반도체 공장 착공", "공장을 짓는다.", -300),
        ] {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: body, section: SectionPath("economy")!, authorEmails: [NewsroomFixture.reporterB.email],
                publishedAt: Self.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        let relevance = try await find("반도체", in: newsroom.store)
        #expect(relevance.last == "본문에만 있는 기사")
        #expect(relevance.first == "반도체 공장 착공", "of two headline matches, the newer one leads")
        #expect(try await find("반도체", in: newsroom.store, order: .newest) == ["본문에만 있는 기사", "반도체 공장 착공", "반도체 수출 증가"])
    }

    @Test("the index follows every write, and only public articles are found", arguments: StorageBackend.allCases)
    func indexFollowsWrites(_ backend: StorageBackend) async throws {
        let newsroom = try await newsroom(backend)
        let store = newsroom.store
        // A scheduled article is not found before its time.
        _ = try await store.publish(NewArticle(
            headline: "엠바고 걸린 우주 발사", body: "누리호 발사가 예정됐다.", section: SectionPath("society")!,
            authorEmails: [NewsroomFixture.reporterA.email], publishedAt: later.addingTimeInterval(3600)))
        #expect(try await find("누리호", in: store) == [])
        #expect(try await find("누리호", in: store, asOf: later.addingTimeInterval(7200)) == ["엠바고 걸린 우주 발사"])

        // An import with an external id, then its update: old words go, new words come.
        let document = ArticleDocument(
            externalID: "s-1", headline: "태풍 북상", body: "제주에 비가 온다.", section: SectionPath("society")!,
            authors: [Byline(name: "새 기자", email: "new@byline.test")], publishedAt: Self.noon)
        _ = try await store.importRecords([.article(document)], at: Self.noon)
        #expect(try await find("태풍", in: store) == ["태풍 북상"])
        #expect(try await find("새 기자", in: store) == ["태풍 북상"], "reporter names are searchable")
        var updated = document
        updated.headline = "장마 시작"
        _ = try await store.importRecords([.article(updated)], at: Self.noon)
        #expect(try await find("태풍", in: store) == [])
        #expect(try await find("장마", in: store) == ["장마 시작"])

        // A draft is never found.
        var draft = document
        draft.externalID = nil
        draft.headline = "초안 속 해파리"
        draft.publishedAt = nil
        _ = try await store.importRecords([.article(draft)], at: Self.noon)
        #expect(try await find("해파리", in: store) == [])
    }

    @Test("a search past its time limit stops, refused by name", arguments: StorageBackend.allCases)
    func timeLimit(_ backend: StorageBackend) async throws {
        let store = try await newsroom(backend).store
        let late = SearchRequest(query: try SearchQuery("서울"), page: PageRequest(limit: 5), timeLimit: -1)
        await #expect(throws: StorageRefusal.searchTooBroad) { try await store.search(late, asOf: later) }
        // The connection is left as it was: the next search runs normally.
        #expect(!(try await find("서울", in: store)).isEmpty)
    }

    @Test("cursors page through results without repeats", arguments: StorageBackend.allCases)
    func paging(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        for number in 0..<9 {
            _ = try await newsroom.store.publish(NewArticle(
                headline: "항구 소식 \(number)", body: "항구에 배가 \(number)척 들어왔다.", section: SectionPath("economy")!,
                authorEmails: [NewsroomFixture.reporterB.email], publishedAt: Self.noon.addingTimeInterval(Double(-number * 60))))
        }
        for order in SearchOrder.allCases {
            var seen: [ArticleID] = []
            var cursor: PageCursor?
            repeat {
                let page = try await newsroom.store.search(
                    SearchRequest(query: try SearchQuery("항구"), order: order, page: PageRequest(after: cursor, limit: 4)), asOf: later)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil && seen.count < 50
            #expect(seen.count == 9)
            #expect(Set(seen).count == 9)
        }
        // A lone syllable matches broadly and lists newest first, whatever order was asked.
        let broad = SearchRequest(query: try SearchQuery("항"), order: .relevance, page: PageRequest(limit: 3))
        #expect(broad.order == .newest)
        let page = try await newsroom.store.search(broad, asOf: later)
        #expect(page.items.map(\.headline) == ["항구 소식 0", "항구 소식 1", "항구 소식 2"])
    }
}

@Suite("Relevance over a bounded candidate set")
struct RelevanceBoundTests {
    /// Articles 1 through `count`, a minute apart, those in `matching` about a lighthouse (등대).
    func publishLighthouseNews(_ newsroom: NewsroomFixture, count: Int, matching: Set<Int>) async throws {
        for number in 1...count {
            _ = try await newsroom.store.publish(NewArticle(
                headline: matching.contains(number) ? "등대 소식 \(number)" : "다른 소식 \(number)", body: "바닷가 마을의 하루.",
                section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(number) * 60)))
        }
    }

    /// The headlines a relevance search for 등대 finds a day later, best first.
    func lighthouseHeadlines(_ newsroom: NewsroomFixture, filters: ArticleListing = ArticleListing()) async throws -> [String] {
        try await newsroom.store.search(
            SearchRequest(query: try SearchQuery("등대"), filters: filters, order: .relevance, page: PageRequest(limit: 20)),
            asOf: NewsroomFixture.noon.addingTimeInterval(86_400)
        ).items.map(\.headline)
    }

    @Test(
        "relevance ranks the newest matches only, headline matches first among them; newest order reads every match",
        arguments: StorageBackend.allCases)
    func boundedCandidates(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        // Written oldest first: the first is the best match (in its headline) but falls outside the newest three.
        // Other news, so that the searched word is rare as in a real archive (bm25 weighs rarity).
        for number in 0..<20 {
            _ = try await newsroom.store.publish(NewArticle(
                headline: "지역 소식 \(number)", body: "축제가 열렸다.", section: SectionPath("society")!,
                authorEmails: [NewsroomFixture.reporterA.email], publishedAt: NewsroomFixture.noon.addingTimeInterval(-86_400)))
        }
        let articles = [
            ("항구 재개발 확정", "재개발이 확정됐다."), ("단신 하나", "항구에 배가 들어왔다."), ("항구 축제 열려", "축제가 열렸다."),
            ("단신 둘", "항구 주변 교통이 막혔다."), ("단신 셋", "항구 근처 시장이 붐볐다."),
        ]
        for (minutes, (headline, body)) in articles.enumerated() {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: body, section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        let later = NewsroomFixture.noon.addingTimeInterval(86_400)
        func find(_ words: String, _ order: SearchOrder) async throws -> [String] {
            try await newsroom.store.search(
                SearchRequest(query: try SearchQuery(words), order: order, page: PageRequest(limit: 20)), asOf: later
            ).items.map(\.headline)
        }
        // A word in a fifth of the articles: PostgreSQL reads its matches from the index.
        let relevance = try await find("항구", .relevance)
        #expect(relevance.count == 3)
        #expect(relevance.first == "항구 축제 열려")
        #expect(!relevance.contains("항구 재개발 확정"))
        #expect(try await find("항구", .newest).count == 5)
        // A word in most of them: PostgreSQL walks back from the newest article instead, to the same three.
        #expect(Set(try await find("소식", .relevance)) == ["지역 소식 17", "지역 소식 18", "지역 소식 19"])
        #expect(try await find("소식", .newest).count == 20)
    }

    @Test(
        "the candidates are the newest matches even where they lie further back than the newest articles suggest",
        arguments: StorageBackend.allCases)
    func candidatesFurtherBack(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        // Oldest first: four with the word, thirty-four without, then two with it. From the
        // density of the whole, PostgreSQL expects three matches among the newest thirty, finds
        // two, and the density they show puts the third before the first article: it reads the
        // rest of the archive.
        let headlines = (0..<4).map { "등대 소식 \($0)" } + (0..<34).map { "다른 소식 \($0)" } + ["등대 소식 4", "등대 소식 5"]
        for (minutes, headline) in headlines.enumerated() {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: "바닷가 마을의 하루.", section: SectionPath("society")!,
                authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        #expect(try await lighthouseHeadlines(newsroom) == ["등대 소식 5", "등대 소식 4", "등대 소식 3"])
    }

    @Test("a word of two or more terms finds the articles with it whole, not those with its terms apart", arguments: StorageBackend.allCases)
    func longWordAmongItsTerms(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        // Oldest first: a few articles with 전통시장 and 자전거, as many with their terms apart
        // (전통, 통시, 시장; 자전, 전거), and other news, so that PostgreSQL reads each word's
        // range of ids from its index: it asks the index for the word's first term and checks
        // the word on each row the index names.
        var headlines: [String] = []
        for number in 0..<200 {
            headlines.append(number % 40 == 0 ? "전통시장 자전거 소식 \(number)"
                : number % 20 == 0 ? "전통 공연과 통시 발표, 시장 개장, 자전 이야기와 전거 \(number)" : "다른 소식 \(number)")
        }
        for (minutes, headline) in headlines.enumerated() {
            _ = try await newsroom.store.publish(NewArticle(
                headline: headline, body: "동네 이야기.", section: SectionPath("society")!,
                authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        for word in ["전통시장", "자전거"] {
            for order in SearchOrder.allCases {
                let found = try await newsroom.store.search(
                    SearchRequest(query: try SearchQuery(word), order: order, page: PageRequest(limit: 20)),
                    asOf: NewsroomFixture.noon.addingTimeInterval(86_400)
                ).items.map(\.headline)
                let all = [160, 120, 80, 40, 0].map { "전통시장 자전거 소식 \($0)" }
                #expect(found == (order == .relevance ? Array(all.prefix(3)) : all), "\(word) \(order)")
            }
        }
    }

    @Test(
        "the candidates are the newest matches when the range read first holds too few of them",
        arguments: StorageBackend.allCases)
    func candidatesFromTheRangeBelow(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        // Sixty-four articles, eight with the word. PostgreSQL expects three matches among the
        // newest 36 and finds two; from their density it reads the 23 ids below next, which
        // hold two more, and never the oldest four.
        try await publishLighthouseNews(newsroom, count: 64, matching: [1, 2, 3, 4, 10, 20, 63, 64])
        #expect(try await lighthouseHeadlines(newsroom) == ["등대 소식 64", "등대 소식 63", "등대 소식 20"])
    }

    @Test(
        "the candidates are the newest matches when a walk is two at once and the newer half holds fewer than expected",
        arguments: StorageBackend.allCases)
    func candidatesFromTwoWalks(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 10))
        // Sixty articles, thirty with the word: PostgreSQL walks from the newest, expecting ten
        // matches within the newest 20 ids, so it walks ids 51-60 whole and, at once, the seven
        // newest matches below. The newer half holds one match, not five: the two remaining
        // candidates are walked below the seventh.
        try await publishLighthouseNews(newsroom, count: 60, matching: Set(22...50).union([55]))
        #expect(try await lighthouseHeadlines(newsroom) == ([55] + Array((42...50).reversed())).map { "등대 소식 \($0)" })
        // The newer half holding more than its share: the older walk's matches are not needed.
        let crowded = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 10))
        try await publishLighthouseNews(crowded, count: 60, matching: Set(21...40).union(51...60))
        #expect(try await lighthouseHeadlines(crowded) == (51...60).reversed().map { "등대 소식 \($0)" })
    }

    @Test("a search asked again after new articles finds them among the newest matches", arguments: StorageBackend.allCases)
    func searchAskedAgain(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        try await publishLighthouseNews(newsroom, count: 60, matching: [10, 20, 30, 35, 50, 58])
        #expect(try await lighthouseHeadlines(newsroom) == ["등대 소식 58", "등대 소식 50", "등대 소식 35"])
        // PostgreSQL keeps the first search's probe of the newest articles, made before these.
        for number in 61...64 {
            _ = try await newsroom.store.publish(NewArticle(
                headline: number.isMultiple(of: 2) ? "등대 소식 \(number)" : "다른 소식 \(number)", body: "바닷가 마을의 하루.",
                section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(number) * 60)))
        }
        #expect(try await lighthouseHeadlines(newsroom) == ["등대 소식 64", "등대 소식 62", "등대 소식 58"])
    }

    @Test(
        "the candidates are the newest matches when they are read as two halves of a range",
        arguments: StorageBackend.allCases)
    func candidatesFromTwoHalves(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: try await backend.makeStore(relevanceCandidates: 3))
        // Sixty articles, six with the word. PostgreSQL bounds the range at about the newest
        // 45 and reads it as two halves: the newer holds two matches, the older three, of
        // which the newest completes the candidates.
        try await publishLighthouseNews(newsroom, count: 60, matching: [10, 20, 30, 35, 50, 58])
        #expect(try await lighthouseHeadlines(newsroom) == ["등대 소식 58", "등대 소식 50", "등대 소식 35"])
        // Dates, which PostgreSQL checks on each row read there, narrow the candidates the same way.
        let minute = { (number: Int) in NewsroomFixture.noon.addingTimeInterval(Double(number) * 60) }
        #expect(try await lighthouseHeadlines(newsroom, filters: ArticleListing(until: minute(52)))
            == ["등대 소식 50", "등대 소식 35", "등대 소식 30"])
        #expect(try await lighthouseHeadlines(newsroom, filters: ArticleListing(since: minute(20), until: minute(40)))
            == ["등대 소식 35", "등대 소식 30", "등대 소식 20"])
        #expect(try await lighthouseHeadlines(newsroom, filters: ArticleListing(since: minute(51))) == ["등대 소식 58"])
    }
}

@Suite("SQLite: a lone syllable's newest matches by walking the newest articles")
struct SQLiteNewestWalkTests {
    @Test("a lone syllable lists the same newest matches whether the walk finds them, gives up half-way, or is not tried")
    func newestWalk() async throws {
        let base = try SQLiteNewsStore.inMemory()
        let newsroom = try await NewsroomFixture(store: base)
        // Matches and others interleaved, written in an order unlike their times, so that an id
        // order passed off as time order would show.
        for number in 0..<30 {
            let minutes = (number * 7) % 30
            _ = try await newsroom.store.publish(NewArticle(
                // 바다항 ends in 항 without a term that starts with it: no match, on either path.
                headline: number % 3 == 0 ? "바다항 소식 \(number)" : "항구 소식 \(number)", body: "본문 \(number)",
                section: SectionPath("society")!, authorEmails: [NewsroomFixture.reporterA.email],
                publishedAt: NewsroomFixture.noon.addingTimeInterval(Double(minutes) * 60)))
        }
        let later = NewsroomFixture.noon.addingTimeInterval(86_400)
        func newest(walk: Int) async throws -> [ArticleSummary] {
            var store = base
            store.newestWalk = walk
            var seen: [ArticleSummary] = []
            var cursor: PageCursor?
            repeat {
                let page = try await store.search(
                    SearchRequest(query: try SearchQuery("항"), order: .newest, page: PageRequest(after: cursor, limit: 4)),
                    asOf: later)
                seen += page.items
                cursor = page.next
            } while cursor != nil && seen.count < 100
            return seen
        }
        let full = try await newest(walk: 0)
        #expect(full.count == 20)
        #expect(full.allSatisfy { $0.headline.hasPrefix("항구") })
        #expect(full.map(\.publishedAt) == full.map(\.publishedAt).sorted(by: >))
        for walk in [1, 3, 5, 6, 29, 30, 31, 200] {
            #expect(try await newest(walk: walk).map(\.id) == full.map(\.id), "walk \(walk)")
        }
    }
}
