import BylineCore
import Foundation
import Testing

@Suite("Storage contract: the photo library")
struct PhotoLibraryContractTests {
    let noon = NewsroomFixture.noon

    func picture(_ caption: String, original: String, credit: String = "바이라인통신", byline: String = "김사진") -> NewLibraryPhoto {
        NewLibraryPhoto(
            original: original, format: .jpeg, width: 4000, height: 3000, caption: caption, alt: "\(caption) 대체 텍스트",
            credit: credit, byline: byline, copyright: "ⓒ 바이라인통신", takenAt: noon.addingTimeInterval(-3600), uploadedBy: nil)
    }

    @Test("pictures are added pending, found by words, listed newest first page by page", arguments: StorageBackend.allCases)
    func addAndFind(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let first = try await store.addLibraryPhoto(picture("시청 앞 광장의 첫눈", original: "a.jpg"), at: noon)
        #expect(first.isPending && first.stem == nil && first.usage == 0)
        #expect(first.focus == .centre)
        #expect((first.width, first.height, first.byline, first.takenAt) == (4000, 3000, "김사진", noon.addingTimeInterval(-3600)))
        for minute in 1...4 {
            _ = try await store.addLibraryPhoto(
                picture("한강 다리 저녁 \(minute)", original: "b\(minute).jpg", credit: minute == 2 ? "독자 제공 50%" : "바이라인통신"),
                at: noon.addingTimeInterval(Double(minute) * 60))
        }
        #expect(try await store.libraryPhoto(first.id) == first)
        #expect(try await store.libraryPhoto(LibraryPhotoID(rawValue: 9_999)) == nil)
        #expect(try await store.libraryPhoto(original: "a.jpg") == first)
        #expect(try await store.libraryPhoto(original: "none.jpg") == nil)

        var captions: [[String]] = []
        var cursor: PageCursor?
        repeat {
            let page = try await store.libraryPhotos(matching: nil, page: PageRequest(after: cursor, limit: 2))
            captions.append(page.items.map(\.caption))
            cursor = page.next
        } while cursor != nil
        #expect(captions == [["한강 다리 저녁 4", "한강 다리 저녁 3"], ["한강 다리 저녁 2", "한강 다리 저녁 1"], ["시청 앞 광장의 첫눈"]])
        // The site search's terms: "광장" finds "광장의", and every word must match.
        func found(_ words: String) async throws -> [String] {
            try await store.libraryPhotos(matching: try SearchQuery(words), page: PageRequest(limit: 10)).items.map(\.caption)
        }
        #expect(try await found("첫눈 광장") == ["시청 앞 광장의 첫눈"])
        #expect(try await found("광장 저녁").isEmpty)
        #expect(try await found("독자 50%") == ["한강 다리 저녁 2"], "credit words, the sign ignored")
        #expect(try await found("\"다리 저녁\"").count == 4, "a phrase")
        #expect(try await found("김사진").count == 5, "the by-line")
        #expect(try await found("저").count == 4, "a lone syllable as a prefix")

        // A changed caption is found by its new words only.
        try await store.describeLibraryPhoto(
            first.id, LibraryPhotoDescription(caption: "덕수궁 돌담길 설경", alt: "돌담길", credit: "바이라인통신", byline: "김사진", focus: .centre),
            at: noon.addingTimeInterval(30))
        #expect(try await found("첫눈").isEmpty)
        #expect(try await found("돌담길") == ["덕수궁 돌담길 설경"])

        var other = picture("다른 기자 사진", original: "c.jpg", byline: "박사진")
        other.takenAt = noon.addingTimeInterval(-3 * 86_400)
        _ = try await store.addLibraryPhoto(other, at: noon.addingTimeInterval(600))
        let byPark = try await store.libraryPhotos(matching: nil, photographer: "박사진", taken: nil, page: PageRequest(limit: 10))
        #expect(byPark.items.map(\.caption) == ["다른 기자 사진"])
        let lastTwoDays = noon.addingTimeInterval(-2 * 86_400)..<noon.addingTimeInterval(86_400)
        let recent = try await store.libraryPhotos(matching: nil, photographer: nil, taken: lastTwoDays, page: PageRequest(limit: 10))
        #expect(recent.items.count == 5 && !recent.items.map(\.caption).contains("다른 기자 사진"), "taken three days ago")
        #expect(try await store.libraryPhotos(
            matching: try SearchQuery("설경"), photographer: "김사진", taken: lastTwoDays, page: PageRequest(limit: 10)).items.map(\.id) == [first.id])
    }

    @Test("renditions reach every article showing the picture, and only for the original they were made from",
          arguments: StorageBackend.allCases)
    func renditions(_ backend: StorageBackend) async throws {
        let store = try await NewsroomFixture(store: backend.makeStore()).store
        let photo = try await store.addLibraryPhoto(picture("광장", original: "one.jpg"), at: noon)
        var article = NewsroomFixture.article("사진 기사")
        article.photos = [NewPhoto(
            url: "/media/p-one-1280.jpg", caption: "광장", alt: "광장 사진", photographerEmail: nil, credit: "바이라인통신",
            takenAt: noon, width: 10, height: 10, library: photo.id)]
        let id = try await store.publish(article)
        let pending = try #require(try await store.article(id, asOf: noon)).photos[0]
        #expect(pending.library == photo.id)
        #expect(pending.renditions == nil)
        #expect((pending.width, pending.height) == (4000, 3000), "the library's size, not the form's")
        #expect(pending.takenAt == noon.addingTimeInterval(-3600), "the time the file says it was taken")
        #expect(try await store.libraryPhoto(photo.id)?.usage == 1)
        #expect(try await store.libraryPhotosAwaitingRenditions(limit: 10).map(\.id) == [photo.id])

        #expect(try await store.renditionsMade(photo.id, original: "stale.jpg", stem: "p-stale", at: noon).isEmpty)
        #expect(try await store.renditionsMade(photo.id, original: "one.jpg", stem: "p-one", at: noon) == [id])
        let shown = try #require(try await store.article(id, asOf: noon)).photos[0]
        #expect(shown.renditions == PhotoRenditions(stem: "p-one", width: 4000, height: 3000))
        #expect(try await store.libraryPhotosAwaitingRenditions(limit: 10).isEmpty)
        #expect(try await store.articles(.latest, page: PageRequest(limit: 5), asOf: noon).items.first?.leadPhoto?.renditions?.stem == "p-one")
        #expect(try await store.photoFilesInUse() == PhotoFilesInUse(stems: ["p-one"], originals: ["one.jpg"]))

        // A new focal point asks for new crops; the current renditions stay until they come.
        try await store.describeLibraryPhoto(
            photo.id, LibraryPhotoDescription(caption: "새 설명", alt: "새 대체", credit: "바이라인통신", byline: "이사진",
                                              focus: FocalPoint(x: 0.3, y: 0.6)), at: noon)
        let described = try #require(try await store.libraryPhoto(photo.id))
        #expect(described.isPending && described.stem == "p-one" && described.focus == FocalPoint(x: 0.3, y: 0.6))
        #expect(described.caption == "새 설명" && described.byline == "이사진")

        // A replaced original: renditions of the old one arriving late change nothing.
        try await store.replaceLibraryOriginal(photo.id, original: "two.png", format: .png, width: 1600, height: 900, frames: 1, at: noon)
        #expect(try await store.renditionsMade(photo.id, original: "one.jpg", stem: "p-late", at: noon).isEmpty)
        try await store.renditionsFailed(photo.id, original: "two.png", reason: "손상된 파일", at: noon)
        let failed = try #require(try await store.libraryPhoto(photo.id))
        #expect(!failed.isPending && failed.failure == "손상된 파일" && failed.stem == "p-one" && failed.format == .png)
        #expect(try await store.renditionsMade(photo.id, original: "two.png", stem: "p-two", at: noon) == [id])
        let replaced = try #require(try await store.article(id, asOf: noon)).photos[0]
        #expect(replaced.renditions == PhotoRenditions(stem: "p-two", width: 1600, height: 900))
        #expect(try await store.photoFilesInUse() == PhotoFilesInUse(stems: ["p-two"], originals: ["two.png"]),
                "the first original and its renditions are used no more")
        #expect(try await store.libraryPhoto(photo.id)?.failure == nil)

        await #expect(throws: BylineError.notFound) {
            try await store.describeLibraryPhoto(
                LibraryPhotoID(rawValue: 9_999), LibraryPhotoDescription(caption: "", alt: "", credit: "", byline: "", focus: .centre), at: noon)
        }
    }
}
