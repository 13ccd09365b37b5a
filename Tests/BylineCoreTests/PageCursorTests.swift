import BylineCore
import Testing

@Suite("Opaque page cursors")
struct PageCursorTests {
    @Test("a cursor survives its own token")
    func roundTrip() throws {
        let cursor = PageCursor(kind: .time, key: 1_728_544_980_000, id: 42)
        let decoded = try #require(PageCursor(token: cursor.token, kind: .time))
        #expect(decoded == cursor)
        #expect(!cursor.token.contains("42"), "the token should not expose its parts as plain text")
    }

    @Test("a cursor for one kind of list is refused by another")
    func kindMismatch() {
        let cursor = PageCursor(kind: .score, key: 10, id: 42)
        #expect(PageCursor(token: cursor.token, kind: .time) == nil)
    }

    @Test("garbage and tampered tokens are refused", arguments: [
        "", "abc", "!!!!", "dC4xLjE", String(repeating: "A", count: 500), "dC4xNzI4LjQyLjE=", "%00",
    ])
    func garbage(_ token: String) {
        #expect(PageCursor(token: token, kind: .time) == nil)
    }

    @Test("editing any character of a token invalidates it")
    func tampering() {
        let token = PageCursor(kind: .time, key: 1_728_544_980_000, id: 42).token
        for index in token.indices {
            var edited = token
            let replacement: Character = token[index] == "A" ? "B" : "A"
            edited.replaceSubrange(index...index, with: String(replacement))
            let decoded = PageCursor(token: edited, kind: .time)
            #expect(decoded == nil || decoded == PageCursor(token: token, kind: .time))
        }
    }
}
