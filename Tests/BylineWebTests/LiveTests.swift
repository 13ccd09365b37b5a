import BylineAccounts
import BylineCore
import BylineTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Live coverage as readers, their streams and the desk see it.
@Suite("Live coverage")
struct LiveTests {
    /// A published article turned live; returns its id.
    func liveArticle(_ newsroom: NewsroomWebFixture) async throws -> ArticleID {
        var fields = NewsroomWebFixture.articleFields
        fields["headline"] = "개표 방송 실시간 중계"
        let id = try await newsroom.site.newsroom.create(try ArticleForm.document(from: fields), embargoUntil: nil, by: newsroom.editor)
        try await newsroom.site.newsroom.publish(id, by: newsroom.editor)
        try await newsroom.site.newsroom.startLive(id, by: newsroom.editor)
        return id
    }

    /// Runs a request in the background; its text once it ends, `nil` if it did not within the bound.
    final class Pending: Sendable {
        let text = Mutex<String?>(nil)

        func wait() async throws -> String? {
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < TestBounds.noHang {
                if let text = text.withLock({ $0 }) { return text }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
    }

    @Test("a reader's stream gets entries, corrections and pins as they are posted, then the end; the page has everything without it")
    func stream() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = newsroom.site
        try await site.application().test(.live) { client in
            let id = try await liveArticle(newsroom)
            let port = try #require(client.port)
            let first = try await site.newsroom.addLiveEntry(id, NewLiveEntry(kind: .text, body: "출구조사 발표"), by: newsroom.reporter)
            let page = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(page.contains("실시간 중계 중"))
            #expect(page.contains("data-stream=\"/news/\(id)/live?after=1\""))
            #expect(page.contains("출구조사 발표"))
            #expect(page.contains(#""@type":"LiveBlogPosting""#) && page.contains(#""coverageStartTime""#) && page.contains(#""liveBlogUpdate""#))
            #expect(page.contains("<script src=\"/static/live."))

            let pending = Pending()
            let reader = Task {
                let response = try await RawHTTP.get("/news/\(id)/live?after=1", port: port)
                #expect(response.status == 200)
                #expect(response.headers["content-type"] == "text/event-stream; charset=utf-8")
                #expect(response.headers["cache-control"] == "no-store")
                #expect(response.headers["x-accel-buffering"] == "no")
                #expect(response.headers["x-content-type-options"] == "nosniff", "the site's security headers")
                #expect(response.isWhole, "the stream ends with its last chunk")
                pending.text.withLock { $0 = response.body }
            }
            defer { reader.cancel() }
            // The reader is connected before anything is posted.
            for _ in 0..<500 where site.live.readerCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(site.live.readerCount == 1)
            try await site.newsroom.addLiveEntry(
                id, NewLiveEntry(kind: .quote, body: "끝까지 <지켜보겠다>", source: "후보 A", isPinned: true), by: newsroom.editor)
            try await site.newsroom.editLiveEntry(id, entry: first.id, .correct("출구조사 결과 발표"), by: newsroom.editor)
            try await site.newsroom.endLive(id, by: newsroom.editor)

            let text = try #require(try await pending.wait(), "the stream ends with the coverage")
            #expect(text.hasPrefix("retry: 3000\n\n"))
            let ids = text.matches(of: /id: (\d+)\n/).map { String($0.1) }
            #expect(ids == ["2", "3", "4"], "numbered changes, nothing before the page's 1")
            #expect(text.contains("event: entry\ndata: {\"id\":"))
            #expect(text.contains("끝까지 \\u0026lt;지켜보겠다\\u0026gt;"), "escaped twice: text in HTML, HTML in script-safe JSON")
            #expect(text.contains("정정"), "the correction is marked")
            #expect(text.contains("event: end\n"))
            #expect(!text.contains("<"), "no raw markup in the stream")

            // After the end: the page says so, and a stream resumes or replays, then closes.
            let ended = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(ended.contains("중계 종료"))
            #expect(!ended.contains("data-stream="))
            #expect(ended.contains(#""coverageEndTime""#))
            let resumed = try await RawHTTP.get("/news/\(id)/live", headers: ["Last-Event-ID": "3"], port: port).body
            #expect(resumed.matches(of: /id: (\d+)\n/).map { String($0.1) } == ["4"])
            for garbage in ["abc", "-5", "999999"] {
                let replay = try await RawHTTP.get("/news/\(id)/live", headers: ["Last-Event-ID": garbage], port: port).body
                #expect(replay.contains("출구조사 결과 발표") && replay.contains("지켜보겠다") && replay.contains("event: end"),
                        "\(garbage) starts from the beginning")
            }
            #expect(try await client.execute(uri: "/news/999999/live", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/news/\(id)/live", method: .post).status == .methodNotAllowed)
        }
    }

    @Test("a change made as the first reader subscribes reaches it, however late the article's poller first reads")
    func firstReaderRace() async throws {
        let newsroom = try await NewsroomWebFixture()
        let id = try await liveArticle(newsroom)
        try await newsroom.site.newsroom.addLiveEntry(id, NewLiveEntry(kind: .text, body: "첫 소식"), by: newsroom.editor)
        let store = FaultyStore(wrapping: newsroom.web.store)
        let hub = LiveHub(store: store, interval: .milliseconds(20))
        // What the reader read before subscribing; then the poller's reads are slow, and a
        // change is made before its first one returns.
        let known = try #require(try await store.liveCoverage(id, after: .max)).sequence
        store.liveDelay.withLock { $0 = .milliseconds(300) }
        let received = Mutex<[Int64]>([])
        let subscription = hub.subscribe(id, after: nil, known: known) { event in
            if case .entry(let entry) = event { received.withLock { $0.append(entry.sequence) } }
        }
        defer { hub.unsubscribe(subscription) }
        let second = try await newsroom.site.newsroom.addLiveEntry(id, NewLiveEntry(kind: .text, body: "둘째 소식"), by: newsroom.editor)
        for _ in 0..<500 where received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(received.withLock { $0 } == [second.sequence])
    }

    @Test("a server that shuts down closes its live streams instead of waiting for them to end")
    func shutdown() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = newsroom.site
        let pending = Pending()
        try await site.application().test(.live) { client in
            let id = try await liveArticle(newsroom)
            let port = try #require(client.port)
            Task {
                let answer = try await RawHTTP.get("/news/\(id)/live", port: port)
                pending.text.withLock { $0 = answer.isWhole ? answer.body : "cut off" }
            }
            for _ in 0..<500 where site.live.readerCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(site.live.readerCount == 1)
            #expect(pending.text.withLock { $0 } == nil, "still streaming")
        }
        // The application stopped with the stream still open: the reader saw it end whole.
        let text = try #require(try await pending.wait(), "the stream was closed")
        #expect(text.hasPrefix("retry: 3000\n\n"))
        #expect(site.live.readerCount == 0)
    }

    @Test("a quiet stream outlives the connections' idle timeout, with the page cache and without", arguments: [true, false])
    func quietStream(cacheEnabled: Bool) async throws {
        let newsroom = try await NewsroomWebFixture(cacheEnabled: cacheEnabled)
        let site = newsroom.site
        let pending = Pending()
        try await site.application(idleTimeout: .milliseconds(200)).test(.live) { client in
            let id = try await liveArticle(newsroom)
            let port = try #require(client.port)
            Task {
                let answer = try await RawHTTP.get("/news/\(id)/live", port: port)
                pending.text.withLock { $0 = answer.body }
            }
            for _ in 0..<500 where site.live.readerCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .seconds(1))
            #expect(site.live.readerCount == 1, "still connected after five idle timeouts")
            try await site.newsroom.addLiveEntry(id, NewLiveEntry(kind: .text, body: "조용한 뒤의 첫 소식"), by: newsroom.editor)
            try await site.newsroom.endLive(id, by: newsroom.editor)
            let text = try #require(try await pending.wait())
            #expect(text.contains("조용한 뒤의 첫 소식") && text.contains("event: end\n"))
        }
    }

    @Test("a reader that never reads is dropped once its write buffer is full; memory does not grow with it")
    func slowReader() async throws {
        let newsroom = try await NewsroomWebFixture()
        let site = newsroom.site
        try await site.application().test(.live) { client in
            let id = try await liveArticle(newsroom)
            let silent = try RawHTTP.SilentReader(Array("GET /news/\(id)/live HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8), port: client.port!)
            defer { silent.close() }
            for _ in 0..<500 where site.live.readerCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(site.live.readerCount == 1)
            // Entries of 4,000 characters keep coming until the reader is dropped, or far past
            // any buffer between the two (kernel socket buffers and the server's own).
            let body = String(repeating: "개표 상황 ", count: 800)
            var posted = 0
            while site.live.readerCount > 0, posted < 2_000 {
                try await site.newsroom.addLiveEntry(id, NewLiveEntry(kind: .text, body: body), by: newsroom.editor)
                posted += 1
                if posted % 20 == 0 { try await Task.sleep(for: .milliseconds(50)) }
            }
            for _ in 0..<500 where site.live.readerCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(site.live.readerCount == 0, "dropped after \(posted) entries")
            #expect(posted < 2_000)
            // A reader that reads still gets the coverage in full.
            try await site.newsroom.endLive(id, by: newsroom.editor)
            let text = try await RawHTTP.get("/news/\(id)/live?after=0", port: client.port!).body
            #expect(text.matches(of: /event: entry\n/).count == posted)
            #expect(text.contains("event: end\n"))
        }
    }

    @Test("the desk starts, posts, pins, corrects and ends from the editor; bad entries are refused beside their fields")
    func desk() async throws {
        let newsroom = try await NewsroomWebFixture()
        try await newsroom.site.application().test(.router) { client in
            var fields = NewsroomWebFixture.articleFields
            fields["headline"] = "태풍 상륙 실시간"
            let id = try await newsroom.site.newsroom.create(try ArticleForm.document(from: fields), embargoUntil: nil, by: newsroom.editor)
            let editor = try await newsroom.signIn(client, as: newsroom.editor)
            #expect(!(try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text.contains("/live\"")), "a draft cannot go live")
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live", [:], as: editor).status == .forbidden)
            try await newsroom.site.newsroom.publish(id, by: newsroom.editor)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live", [:], as: editor).status == .seeOther)
            let form = try await newsroom.get(client, "/admin/articles/\(id)", as: editor).text
            #expect(form.contains("라이브 (진행 중)") && form.contains("action=\"/admin/articles/\(id)/live/entries\""))

            let empty = try await newsroom.post(client, "/admin/articles/\(id)/live/entries", ["kind": "text", "body": " "], as: editor)
            #expect(empty.status == .badRequest)
            #expect(empty.text.contains("내용을 1~5000자로 써 주세요."))
            let quote = try await newsroom.post(client, "/admin/articles/\(id)/live/entries", ["kind": "quote", "body": "대피하세요"], as: editor)
            #expect(quote.text.contains("누구의 말인지 적어 주세요."))
            #expect(quote.text.contains("maxlength=\"5000\" required>대피하세요</textarea>"), "what was typed is kept")
            #expect(quote.text.contains("<option value=\"quote\" selected>인용</option>"))
            let photo = try await newsroom.post(
                client, "/admin/articles/\(id)/live/entries", ["kind": "photo", "body": "해안", "photo_url": "javascript:alert(1)"], as: editor)
            #expect(photo.text.contains("사진 주소는 /media/ 또는 https:// 로 시작해야 합니다."))

            let reporter = try await newsroom.signIn(client, as: newsroom.reporter)
            #expect(try await newsroom.post(
                client, "/admin/articles/\(id)/live/entries", ["kind": "text", "body": "해안가 파도 5m", "pinned": "1"], as: reporter).status
                == .seeOther, "reporters post entries")
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live/end", [:], as: reporter).status == .forbidden)
            let entry = try #require(try await newsroom.web.store.liveCoverage(id, after: 0)?.entries.first)
            #expect(entry.isPinned && entry.author == "홍길동")
            let page = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(page.contains("<h2>핵심</h2>") && page.contains("해안가 파도 5m"))

            #expect(try await newsroom.post(
                client, "/admin/articles/\(id)/live/entries/\(entry.id)", ["edit": "correct", "body": "해안가 파도 6m"], as: editor).status == .seeOther)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live/entries/\(entry.id)", ["edit": "unpin"], as: editor).status
                == .seeOther)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live/entries/\(entry.id)", ["edit": "twist"], as: editor).status
                == .badRequest)
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live/entries/999999", ["edit": "pin"], as: editor).status == .notFound)
            let corrected = try await client.execute(uri: "/news/\(id)", method: .get).text
            #expect(corrected.contains("해안가 파도 6m") && corrected.contains("live-corrected"))
            #expect(try await newsroom.site.newsroom.ongoingLive().map(\.id) == [id])
            let list = try await newsroom.get(client, "/admin", as: editor).text
            #expect(list.contains("진행 중 라이브"))
            #expect(list.contains("<span class=\"live-badge\">LIVE</span> <a href=\"/admin/articles/\(id)\">태풍 상륙 실시간</a>"))
            #expect(try await newsroom.post(client, "/admin/articles/\(id)/live/end", [:], as: editor).status == .seeOther)
            let late = try await newsroom.post(client, "/admin/articles/\(id)/live/entries", ["kind": "text", "body": "늦은 글"], as: editor)
            #expect(late.status == .badRequest)
            #expect(late.text.contains("라이브가 이미 끝났습니다."))
            #expect(try await client.execute(uri: "/news/\(id)", method: .get).text.contains("중계 종료"))
        }
    }

    @Test("the Admin API starts live coverage, posts entries (201) and ends it")
    func adminAPI() async throws {
        let newsroom = try await NewsroomWebFixture()
        let token = Credentials.newToken()
        try await newsroom.web.accounts.createAPIToken(
            hash: Credentials.tokenHash(token), userID: newsroom.editor.id, name: "wire", at: newsroom.now)
        try await newsroom.site.application().test(.router) { client in
            let id = try await newsroom.site.newsroom.create(
                try ArticleForm.document(from: NewsroomWebFixture.articleFields), embargoUntil: nil, by: newsroom.editor)
            try await newsroom.site.newsroom.publish(id, by: newsroom.editor)
            func post(_ path: String, _ json: String = "{}") async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/admin/articles/\(id)/\(path)", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: json))
            }
            #expect(try await post("live/entries", #"{"body": "아직"}"#).status == .badRequest, "not live yet")
            #expect(try await post("live").status == .ok)
            let created = try await post("live/entries", #"{"kind": "quote", "body": "준비됐다", "source": "대변인", "pinned": true}"#)
            #expect(created.status == .created)
            #expect(created.text.contains(#""kind":"quote""#) && created.text.contains(#""pinned":true"#))
            #expect(try await post("live/entries", #"{"kind": "video", "body": "영상"}"#).status == .badRequest)
            #expect(try await post("live/entries", #"{"kind": 3}"#).status == .badRequest)
            #expect(try await post("live/end").status == .ok)
            #expect(try await post("live/entries", #"{"body": "끝난 뒤"}"#).status == .badRequest)
        }
    }
}
