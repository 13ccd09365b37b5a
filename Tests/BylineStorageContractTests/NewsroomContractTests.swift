import BylineCore
import Foundation
import Testing

/// The newsroom's side of storage: drafts and their versions, scheduling, revisions, the
/// audit log, the trash, pins, tags, and the accounts behind sign-in.
@Suite("Storage contract: newsroom and accounts")
struct NewsroomContractTests {
    let noon = NewsroomFixture.noon

    func document(_ headline: String, tags: [String] = ["예산"]) -> ArticleDocument {
        ArticleDocument(
            headline: headline, subheadlines: ["\(headline) 부제"], body: "\(headline) 본문.\n\n둘째 문단.",
            section: SectionPath("society/seoul")!,
            authors: [Byline(name: NewsroomFixture.reporterA.name, email: NewsroomFixture.reporterA.email)],
            tags: tags.compactMap(Tag.init), publishedAt: nil)
    }

    func editor(in store: any NewsroomBackend) async throws -> User {
        try await store.addUser(
            NewUser(email: "desk@byline.test", name: "데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
    }

    @Test("a draft keeps versions, refuses a stale save, and keeps a revision per save", arguments: StorageBackend.allCases)
    func draftVersions(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let id = try await store.createDraft(document("초안 제목"), embargoUntil: nil, by: user, at: noon)
        let draft = try #require(try await store.draft(id))
        #expect(draft.status == .draft)
        #expect(draft.version == 1)
        #expect(try await store.article(id, asOf: noon.addingTimeInterval(86_400)) == nil)

        let version = try await store.saveDraft(
            id, document("고친 제목"), embargoUntil: nil, expectedVersion: 1, by: user, at: noon.addingTimeInterval(60))
        #expect(version == 2)
        await #expect(throws: BylineError.conflict(currentVersion: 2)) {
            _ = try await store.saveDraft(
                id, document("낡은 제목"), embargoUntil: nil, expectedVersion: 1, by: user, at: noon.addingTimeInterval(120))
        }
        #expect(try await store.draft(id)?.document.headline == "고친 제목")
        let revisions = try await store.revisions(id)
        #expect(revisions.map(\.document.headline) == ["초안 제목", "고친 제목"])
        #expect(revisions.map(\.number) == [1, 2])
        #expect(try await store.auditLog(id).map(\.action) == [.create, .save])
    }

    @Test("submit, return, schedule and the due run publish at the planned time, once", arguments: StorageBackend.allCases)
    func scheduling(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let id = try await store.createDraft(document("예약 기사"), embargoUntil: nil, by: user, at: noon)
        try await store.submit(id, by: user, at: noon)
        #expect(try await store.draft(id)?.status == .inReview)
        try await store.returnForRework(id, comment: "출처를 밝혀 주세요", by: user, at: noon)
        #expect(try await store.draft(id)?.returnNote == "출처를 밝혀 주세요")
        try await store.submit(id, by: user, at: noon)
        #expect(try await store.draft(id)?.returnNote == nil)

        let at = noon.addingTimeInterval(3600)
        try await store.schedule(id, for: at, reason: "예약", by: user, at: noon)
        #expect(try await store.publishDue(asOf: at.addingTimeInterval(-1)).isEmpty)
        #expect(try await store.article(id, asOf: at.addingTimeInterval(10)) == nil)
        #expect(try await store.publishDue(asOf: at.addingTimeInterval(1)) == [id])
        #expect(try await store.publishDue(asOf: at.addingTimeInterval(2)).isEmpty)
        let published = try #require(try await store.article(id, asOf: at.addingTimeInterval(10)))
        #expect(published.publishedAt == at)
        #expect(try await store.auditLog(id).map(\.action) == [.create, .submit, .returnForRework, .submit, .schedule, .publish])
    }

    @Test("two editors publishing the same article at once: one publishes it, the other is told it moved", arguments: StorageBackend.allCases)
    func racingEditors(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let first = try await editor(in: store)
        let second = try await store.addUser(
            NewUser(email: "night@byline.test", name: "야간데스크", role: .editor, passwordHash: "$2b$12$fixture"), at: noon)
        for round in 0..<5 {
            let id = try await store.createDraft(document("동시 출고 \(round)"), embargoUntil: nil, by: first, at: noon)
            try await store.submit(id, by: first, at: noon)
            async let one: Void = store.publish(id, by: first, at: noon.addingTimeInterval(1))
            async let other: Void = store.publish(id, by: second, at: noon.addingTimeInterval(2))
            var refusals: [BylineError?] = []
            do { try await one } catch { refusals.append(error as? BylineError) }
            do { try await other } catch { refusals.append(error as? BylineError) }
            #expect(refusals == [.statusChanged(.published)], "exactly one publish goes through; the other is told why")
            #expect(try await store.auditLog(id).filter { $0.action == .publish }.count == 1)
            #expect(try await store.draft(id)?.version == 3, "created, submitted, published: nothing written twice")
        }
        // A step that no longer fits the state, even with no race: nothing is written.
        let id = try await store.createDraft(document("이미 출고"), embargoUntil: nil, by: first, at: noon)
        try await store.publish(id, by: first, at: noon)
        await #expect(throws: BylineError.statusChanged(.published)) { try await store.submit(id, by: second, at: noon) }
        await #expect(throws: BylineError.notFound) { try await store.publish(ArticleID(rawValue: 999_999), by: second, at: noon) }
    }

    @Test("a correction is shown with the article and moves its update time", arguments: StorageBackend.allCases)
    func corrections(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let id = try await store.createDraft(document("정정 대상"), embargoUntil: nil, by: user, at: noon)
        try await store.publish(id, by: user, at: noon)
        let later = noon.addingTimeInterval(600)
        try await store.correct(id, text: "숫자를 바로잡았습니다.", by: user, at: later)
        let article = try #require(try await store.article(id, asOf: later))
        #expect(article.corrections.map(\.text) == ["숫자를 바로잡았습니다."])
        #expect(article.updatedAt == later)
        #expect(article.publishedAt == noon)
        try await store.unpublish(id, by: user, at: later)
        #expect(try await store.article(id, asOf: later) == nil)
        #expect(try await store.draft(id)?.status == .unpublished)
    }

    @Test("drafts list by status and headline words, newest change first, page by page", arguments: StorageBackend.allCases)
    func draftList(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        for minute in 0..<5 {
            _ = try await store.createDraft(
                document("목록 기사 \(minute) 번"), embargoUntil: nil, by: user, at: noon.addingTimeInterval(Double(minute) * 60))
        }
        let first = try await store.drafts(DraftFilter(headline: "목록"), page: PageRequest(limit: 3))
        #expect(first.items.map(\.headline) == ["목록 기사 4 번", "목록 기사 3 번", "목록 기사 2 번"])
        let second = try await store.drafts(DraftFilter(headline: "목록"), page: PageRequest(after: first.next, limit: 3))
        #expect(second.items.map(\.headline) == ["목록 기사 1 번", "목록 기사 0 번"])
        #expect(second.next == nil)
        #expect(try await store.drafts(DraftFilter(status: .published), page: PageRequest(limit: 3)).items.isEmpty)
        #expect(try await store.drafts(DraftFilter(headline: "100%"), page: PageRequest(limit: 3)).items.isEmpty)
    }

    @Test("related articles follow what readers may see: a scheduled article once due, not one taken down, a merged tag's",
          arguments: StorageBackend.allCases)
    func relatedFollowsPublishing(_ backend: StorageBackend) async throws {
        let fixture = try await NewsroomFixture(store: backend.makeStore())
        let store = fixture.store
        let user = try await editor(in: store)
        let main = try await fixture.publish("본 기사", minutes: -60, tags: ["선거"])
        try await fixture.publish("지난 선거 기사", minutes: -90, section: "economy", tags: ["선거"])
        let due = noon.addingTimeInterval(600)
        let planned = try await store.createDraft(document("예약된 선거 기사", tags: ["선거"]), embargoUntil: nil, by: user, at: noon)
        try await store.submit(planned, by: user, at: noon)
        try await store.schedule(planned, for: due, reason: "예약", by: user, at: noon)
        let article = try #require(try await store.article(main, asOf: noon))
        func related(asOf now: Date) async throws -> [String] {
            try await store.related(to: article, limit: 1, asOf: now).map(\.headline)
        }

        #expect(try await related(asOf: noon) == ["지난 선거 기사"])
        #expect(try await store.publishDue(asOf: due.addingTimeInterval(1)) == [planned])
        #expect(try await related(asOf: due.addingTimeInterval(2)) == ["예약된 선거 기사"])
        try await store.unpublish(planned, at: due.addingTimeInterval(3))
        #expect(try await related(asOf: due.addingTimeInterval(4)) == ["지난 선거 기사"])
        // A tag renamed into the article's brings its articles along.
        try await fixture.publish("다른 태그 기사", minutes: -30, section: "economy", tags: ["총선"])
        _ = try await store.renameTag(Tag("총선")!, to: Tag("선거")!)
        #expect(try await related(asOf: due.addingTimeInterval(4)) == ["다른 태그 기사"])
    }

    @Test("the trash takes an article off every list and restores it; emptying deletes for good",
          arguments: StorageBackend.allCases)
    func trash(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let id = try await store.createDraft(document("버릴 기사"), embargoUntil: nil, by: user, at: noon)
        try await store.trash(id, by: user, at: noon)
        #expect(try await store.trashed().map(\.id) == [id])
        #expect(try await store.drafts(DraftFilter(), page: PageRequest(limit: 10)).items.isEmpty)
        try await store.restore(id, by: user, at: noon)
        #expect(try await store.trashed().isEmpty)
        try await store.trash(id, by: user, at: noon)
        #expect(try await store.emptyTrash(before: noon.addingTimeInterval(1)) == 1)
        #expect(try await store.draft(id) == nil)
    }

    @Test("tags are counted, renamed into another and deleted", arguments: StorageBackend.allCases)
    func tags(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let user = try await editor(in: store)
        let first = try await store.createDraft(document("가", tags: ["예산", "국회"]), embargoUntil: nil, by: user, at: noon)
        let second = try await store.createDraft(document("나", tags: ["예산안"]), embargoUntil: nil, by: user, at: noon)
        #expect(try await store.tagCounts().map { "\($0.tag.name):\($0.articles)" } == ["국회:1", "예산:1", "예산안:1"])
        #expect(Set(try await store.renameTag(Tag("예산안")!, to: Tag("예산")!)) == [second])
        #expect(try await store.tagCounts().map { "\($0.tag.name):\($0.articles)" } == ["국회:1", "예산:2"])
        #expect(try await store.deleteTag(Tag("국회")!) == [first])
        #expect(try await store.tagCounts().map(\.tag.name) == ["예산"])
    }

    @Test("sessions are found until they expire and are gone when deleted; API tokens until revoked",
          arguments: StorageBackend.allCases)
    func sessions(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        let user = try await editor(in: store)
        #expect(try await store.credentials(email: "DESK@byline.test")?.user == user)
        try await store.createSession(
            tokenHash: "hash-1", userID: user.id, csrfToken: "csrf-1", expiresAt: noon.addingTimeInterval(3600), at: noon)
        let found = try #require(try await store.session(tokenHash: "hash-1", asOf: noon.addingTimeInterval(60)))
        #expect(found.user == user)
        #expect(found.csrfToken == "csrf-1")
        #expect(try await store.session(tokenHash: "hash-1", asOf: noon.addingTimeInterval(3601)) == nil)
        try await store.deleteSession(tokenHash: "hash-1")
        #expect(try await store.session(tokenHash: "hash-1", asOf: noon) == nil)

        try await store.createAPIToken(hash: "token-1", userID: user.id, name: "배포", at: noon)
        #expect(try await store.user(apiTokenHash: "token-1") == user)
        #expect(try await store.apiTokens().map(\.name) == ["배포"])
        try await store.revokeAPIToken(hash: "token-1")
        #expect(try await store.user(apiTokenHash: "token-1") == nil)

        try await store.setRole(user.id, to: .admin)
        #expect(try await store.users().map(\.role) == [.admin])
        await #expect(throws: (any Error).self) {
            _ = try await store.addUser(
                NewUser(email: "Desk@Byline.test", name: "중복", role: .reporter, passwordHash: "x"), at: noon)
        }
    }

    @Test("accounts that write are bylines: created with the account, linked to an archive's reporter, renamed together",
          arguments: StorageBackend.allCases)
    func bylines(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        let archived = try await store.addReporter(NewReporter(name: "윤옛날", email: "Yoon@Agency.test", beat: "문화재"))
        let linked = try await store.addUser(NewUser(email: "yoon@agency.test", name: "윤새봄", role: .reporter, passwordHash: "x"), at: noon)
        #expect(linked.reporterID == archived.id)
        #expect(try await store.reporter(archived.id) == Reporter(id: archived.id, name: "윤새봄", email: "Yoon@Agency.test", beat: "문화재"))

        let editor = try await store.addUser(NewUser(email: "desk@agency.test", name: "박데스크", role: .editor, passwordHash: "x"), at: noon)
        let editorByline = try #require(editor.reporterID)
        #expect(try await store.reporters(emails: ["DESK@agency.test"]).map(\.id) == [editorByline])

        let admin = try await store.addUser(NewUser(email: "chief@agency.test", name: "정국장", role: .admin, passwordHash: "x"), at: noon)
        #expect(admin.reporterID == nil)
        let adminByline = try await store.linkByline(admin.id)
        #expect(try await store.linkByline(admin.id) == adminByline, "linking twice links once")
        #expect(try await store.credentials(email: "chief@agency.test")?.user.reporterID == adminByline)

        #expect(try await store.rename(editor.id, to: "박부장") == editorByline)
        #expect(try await store.reporter(editorByline)?.name == "박부장")
        #expect(try await store.users().first { $0.id == editor.id }?.name == "박부장")

        let promoted = try await store.addUser(NewUser(email: "ops@agency.test", name: "한운영", role: .admin, passwordHash: "x"), at: noon)
        try await store.setRole(promoted.id, to: .editor)
        #expect(try await store.users().first { $0.id == promoted.id }?.reporterID != nil, "an account that now writes is a byline")
        await #expect(throws: BylineError.notFound) { _ = try await store.rename(UserID(rawValue: 999_999), to: "없음") }
    }

    @Test("failed sign-ins are counted per key within a window and cleared", arguments: StorageBackend.allCases)
    func failedSignIns(_ backend: StorageBackend) async throws {
        let store = try await backend.makeStore()
        for second in 0..<3 {
            try await store.recordFailedSignIn(keys: ["email:desk", "ip:10.0.0.1"], at: noon.addingTimeInterval(Double(second)))
        }
        let counted = try await store.failedSignIns(key: "email:desk", since: noon.addingTimeInterval(1))
        #expect(counted.count == 2)
        #expect(counted.oldest == noon.addingTimeInterval(1))
        try await store.clearFailedSignIns(key: "email:desk")
        #expect(try await store.failedSignIns(key: "email:desk", since: noon).count == 0)
        #expect(try await store.failedSignIns(key: "ip:10.0.0.1", since: noon).count == 3)
    }

    @Test("a pin puts a published article on top until it expires", arguments: StorageBackend.allCases)
    func pins(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        let user = try await editor(in: store)
        let id = try await newsroom.publish("고정 기사", minutes: -10)
        try await store.pin(id, position: 1, until: noon.addingTimeInterval(600), by: user, at: noon)
        let latest = ListRequest(.latest, page: PageRequest(limit: 5))
        let front = try await store.frontPage([latest], asOf: noon)
        #expect(front.pinned.map(\.id) == [id])
        #expect(front.lists.map { $0.items.map(\.id) } == [[id]])
        #expect(try await store.topStoryPin(id)?.position == 1)
        #expect(try await store.frontPage([], asOf: noon.addingTimeInterval(601)).pinned.isEmpty)
        try await store.unpin(id, by: user, at: noon)
        #expect(try await store.topStoryPin(id) == nil)
    }

    @Test("view counts add up per hour and rank the most read", arguments: StorageBackend.allCases)
    func counters(_ backend: StorageBackend) async throws {
        let newsroom = try await NewsroomFixture(store: backend.makeStore())
        let store = newsroom.store
        let quiet = try await newsroom.publish("조용한 기사", minutes: -30)
        let popular = try await newsroom.publish("많이 본 기사", minutes: -20)
        try await store.recordViews([quiet: 2, popular: 5], at: noon)
        try await store.recordViews([popular: 1], at: noon)
        let ranking = try await store.popular(.day, page: PageRequest(limit: 10), asOf: noon)
        #expect(ranking.items.map(\.id) == [popular, quiet])
    }
}
