import BylineCore
import BylineMarkup
import BylineMedia
import BylineNewsroom
import Foundation
import Hummingbird

/// Photo upload in the editor: the picture goes into the photo library and the article
/// shows it; its renditions follow in the background.
extension EditorController {
    /// Adds a photo to the article: an upload through the photo desk (recognised by its
    /// bytes, whole, its original kept privately) or a library picture by its number. The
    /// alt text is typed here; caption and credit are typed or come from the file or library.
    @Sendable func upload(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try await context.signedUpload(request, photos: photos)
        let id = try context.articleID()
        let draft = try await newsroom.draft(id)
        guard let version = form["version"].flatMap(Int.init) else {
            throw BylineError.invalidInput("양식에 기사 버전이 없습니다. 편집 화면을 새로 열어 주세요.")
        }
        var caption = (form["caption"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var alt = (form["alt"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var credit = (form["credit"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        let file = form.files["photo"].flatMap { $0.bytes.isEmpty ? nil : $0 }
        // A picture already in the library, by its number: what the form leaves empty comes from it.
        let libraryField = (form["library"] ?? "").trimmingCharacters(in: .whitespaces)
        var reused: LibraryPhoto?
        if file == nil, !libraryField.isEmpty {
            if let id = LibraryPhotoID(libraryField), let photo = try await backend.libraryPhoto(id) {
                reused = photo
                if caption.isEmpty { caption = photo.caption }
                if alt.isEmpty { alt = photo.alt }
                if credit.isEmpty { credit = photo.credit }
            } else {
                problems.append(FieldProblem(field: "photo", message: "보관함에 \(libraryField)번 사진이 없습니다."))
            }
        } else if file == nil {
            problems.append(FieldProblem(field: "photo", message: "올릴 사진 파일을 고르거나 보관함 사진 번호를 쓰세요."))
        }
        // An upload's caption may come from the file (IPTC or XMP); the desk checks that.
        if caption.isEmpty, file == nil { problems.append(FieldProblem(field: "caption", message: "사진 설명을 써 주세요.")) }
        if alt.isEmpty { problems.append(FieldProblem(field: "alt", message: "대체 텍스트를 써 주세요 (화면 낭독기가 읽습니다).")) }
        var added = problems.isEmpty ? reused : nil
        if problems.isEmpty, let file {
            do {
                let upload = try await photos.upload(
                    file.bytes, description: UploadDescription(caption: caption, alt: alt, credit: credit), needsCaption: true, by: signed.user)
                // What was typed is this article's; what was not comes from the picture.
                if caption.isEmpty { caption = upload.caption }
                if credit.isEmpty { credit = upload.credit }
                added = upload
            } catch let problem as PhotoProblem {
                problems.append(FieldProblem(field: problem == .captionMissing ? "caption" : "photo", message: problem.message))
            }
        }
        guard problems.isEmpty, let added else {
            return try await editor(
                form: ArticleForm(draft.document, embargoUntil: draft.embargoUntil), draft: draft, signed: signed, status: .badRequest,
                messages: EditorMessages(problems: problems, typedPhoto: PhotoFields(caption: caption, credit: credit, alt: alt)))
        }
        var document = draft.document
        document.photos.append(PhotoDocument(
            url: Links.libraryImage(added.id), caption: caption, credit: credit, alt: alt,
            width: added.width, height: added.height, library: added.id))
        try await newsroom.save(id, document, embargoUntil: draft.embargoUntil, version: version, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?saved=\(added.frames > 1 ? "motion" : "1")")
    }

    /// A library picture for the newsroom's pages: its renditions once made, a placeholder
    /// saying so until then (the editor shows it right after an upload).
    @Sendable func libraryImage(_ request: Request, context: BylineRequestContext) async throws -> Response {
        guard let id = context.parameters.get("photo").flatMap(LibraryPhotoID.init) else { throw BylineError.notFound }
        guard let photo = try await backend.libraryPhoto(id) else { throw BylineError.notFound }
        if let renditions = photo.renditions {
            let width = request.uri.queryParameters["w"].flatMap { Int(String($0)) }.flatMap { wanted in
                renditions.widths.first { $0 >= wanted }
            } ?? renditions.defaultWidth
            return Response(status: .found, headers: [
                .location: "/media/" + renditions.name(width: width, webP: false), .cacheControl: "private, no-store",
            ])
        }
        let message = photo.failure.map { "사진을 처리하지 못했습니다: \($0)" } ?? "사진 처리 중…"
        let svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">\
            <rect width="320" height="180" fill="#e8e8e8"/>\
            <text x="160" y="95" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#444">\(escapeHTML(message))</text></svg>
            """
        return Response(
            status: .ok,
            headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "private, no-store", .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'"],
            body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
