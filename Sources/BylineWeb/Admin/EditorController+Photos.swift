import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// Photo upload in the editor.
extension EditorController {
    static let photoLimit = 10 * 1024 * 1024

    /// Adds an uploaded photo to the article: recognised by its bytes (JPEG, PNG, WebP,
    /// GIF), complete, at most 10 MB, stored under the data directory by content hash.
    @Sendable func upload(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let form = try await MultipartForm.read(request, limit: Self.photoLimit + 256 * 1024)
        guard let sent = form["csrf_token"], Credentials.constantTimeEquals(signed.csrfToken, sent) else {
            throw NewsroomSessions.forged
        }
        let id = try context.articleID()
        let draft = try await newsroom.draft(id)
        guard let version = form["version"].flatMap(Int.init) else {
            throw BylineError.invalidInput("양식에 기사 버전이 없습니다. 편집 화면을 새로 열어 주세요.")
        }
        let caption = (form["caption"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let alt = (form["alt"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let credit = (form["credit"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        let file = form.files["photo"].flatMap { $0.bytes.isEmpty ? nil : $0 }
        var image: ImageInfo?
        if let file {
            if file.bytes.count > Self.photoLimit {
                problems.append(FieldProblem(field: "photo", message: "사진은 10MB까지 올릴 수 있습니다."))
            } else if let info = ImageInfo(file.bytes) {
                if ImageInfo.isComplete(file.bytes, format: info.format) {
                    image = info
                } else {
                    problems.append(FieldProblem(field: "photo", message: "파일이 중간에 잘렸습니다. 다시 올려 주세요."))
                }
            } else {
                problems.append(FieldProblem(field: "photo", message: "JPEG, PNG, WebP, GIF 사진만 올릴 수 있습니다 (파일 이름이 아니라 내용으로 확인합니다)."))
            }
        } else {
            problems.append(FieldProblem(field: "photo", message: "올릴 사진 파일을 고르세요."))
        }
        if caption.isEmpty { problems.append(FieldProblem(field: "caption", message: "사진 설명을 써 주세요.")) }
        if alt.isEmpty { problems.append(FieldProblem(field: "alt", message: "대체 텍스트를 써 주세요 (화면 낭독기가 읽습니다).")) }
        guard problems.isEmpty, let file, let image else {
            return try await editor(
                form: ArticleForm(draft.document, embargoUntil: draft.embargoUntil), draft: draft, signed: signed, status: .badRequest,
                messages: EditorMessages(problems: problems, typedPhoto: PhotoFields(caption: caption, credit: credit, alt: alt)))
        }
        let name = "upload-\(ContentHash.hex(file.bytes)).\(image.format.fileExtension)"
        let directory = site.configuration.mediaDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let destination = directory.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: destination.path) {
            do {
                try Data(file.bytes).write(to: destination, options: .atomic)
            } catch {
                throw StorageError(isTransient: true, detail: "cannot write the uploaded photo: \(error)")
            }
        }
        var document = draft.document
        document.photos.append(PhotoDocument(
            url: "/media/\(name)", caption: caption, credit: credit, alt: alt, width: image.width, height: image.height))
        try await newsroom.save(id, document, embargoUntil: draft.embargoUntil, version: version, by: signed.user)
        return AdminController.redirect(to: "/admin/articles/\(id)?saved=1")
    }
}
