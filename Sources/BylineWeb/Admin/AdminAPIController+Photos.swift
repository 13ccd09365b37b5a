import BylineCore
import BylineMedia
import BylineNewsroom
import Foundation
import Hummingbird

/// The photo library through the Admin API: an upload answers at once with what was read
/// from the file and the renditions to come; `GET` shows them once they are made.
extension AdminAPIController {
    @Sendable func uploadPhoto(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let user = try await user(request)
        let form = try await MultipartForm.read(request, limit: photos.uploadLimit)
        guard let file = form.files["file"], !file.bytes.isEmpty else {
            throw BylineError.invalidFields([FieldProblem(field: "file", message: "사진 파일을 file 필드로 보내 주세요.")])
        }
        let description = UploadDescription(caption: form["caption"] ?? "", alt: form["alt"] ?? "", credit: form["credit"] ?? "")
        let photo: LibraryPhoto
        do {
            photo = try await photos.upload(file.bytes, description: description, by: user)
        } catch let problem as PhotoProblem {
            throw BylineError.invalidFields([FieldProblem(field: "file", message: problem.message)])
        }
        var response = try Self.json(photoBody(photo), status: .created)
        response.headers[.location] = "/api/v1/admin/photos/\(photo.id)"
        return response
    }

    @Sendable func showPhoto(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try await user(request)
        guard let id = context.parameters.get("photo").flatMap(LibraryPhotoID.init), let photo = try await backend.libraryPhoto(id) else {
            throw BylineError.notFound
        }
        return try Self.json(photoBody(photo), status: .ok)
    }

    /// The picture with its renditions: those made (`ready`), or those on their way under
    /// the names they will have.
    func photoBody(_ photo: LibraryPhoto) -> PhotoBody {
        let ready = !photo.isPending && photo.stem != nil
        let stem = ready ? photo.stem : photos.plannedStem(of: photo)
        let files = stem.map { PhotoRenditions(stem: $0, width: photo.width, height: photo.height).files } ?? []
        return PhotoBody(
            id: photo.id.rawValue, caption: photo.caption, alt: photo.alt, credit: photo.credit, byline: photo.byline,
            copyright: photo.copyright, takenAt: photo.takenAt.map(KoreanTime.iso8601), width: photo.width, height: photo.height,
            status: photo.failure != nil ? "failed" : (ready ? "ready" : "pending"), failure: photo.failure,
            frames: photo.frames, shownAs: photo.frames > 1 ? "first_frame" : "still",
            renditions: files.map {
                PhotoBody.File(
                    name: $0.kind == .full ? "w\($0.width)" : $0.kind.rawValue, url: site.absolute("/media/" + $0.name),
                    width: $0.width, height: $0.height, type: $0.mediaType, ready: ready)
            })
    }

    /// Photos named by library number get what the client left out (caption, alt text,
    /// credit, size) from the library; an unknown number is a 400 on its field.
    func withLibraryPhotos(_ document: ArticleDocument) async throws -> ArticleDocument {
        var document = document
        for index in document.photos.indices {
            guard let id = document.photos[index].library else { continue }
            guard let photo = try await backend.libraryPhoto(id) else {
                throw BylineError.invalidFields([FieldProblem(field: "photos[\(index)].id", message: "보관함에 \(id)번 사진이 없습니다.")])
            }
            if document.photos[index].caption.isEmpty { document.photos[index].caption = photo.caption }
            if document.photos[index].alt.isEmpty { document.photos[index].alt = photo.alt }
            if document.photos[index].credit.isEmpty { document.photos[index].credit = photo.credit }
            document.photos[index].width = photo.width
            document.photos[index].height = photo.height
        }
        return document
    }
}

/// A library picture as the Admin API shows it.
struct PhotoBody: Encodable {
    struct File: Encodable {
        let name: String
        let url: String
        let width: Int
        let height: Int
        let type: String
        let ready: Bool
    }

    let id: Int64
    let caption: String
    let alt: String
    let credit: String
    let byline: String
    let copyright: String
    let takenAt: String?
    let width: Int
    let height: Int
    let status: String
    let failure: String?
    /// More than 1 for an animated picture, whose renditions are its first frame
    /// (`shown_as` is `first_frame`, else `still`).
    let frames: Int
    let shownAs: String
    let renditions: [File]

    enum CodingKeys: String, CodingKey {
        case id, caption, alt, credit, byline, copyright, width, height, status, failure, frames, renditions
        case takenAt = "taken_at"
        case shownAs = "shown_as"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(caption, forKey: .caption)
        try container.encode(alt, forKey: .alt)
        try container.encode(credit, forKey: .credit)
        try container.encode(byline, forKey: .byline)
        try container.encode(copyright, forKey: .copyright)
        try container.encode(takenAt, forKey: .takenAt)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(status, forKey: .status)
        try container.encode(failure, forKey: .failure)
        try container.encode(frames, forKey: .frames)
        try container.encode(shownAs, forKey: .shownAs)
        try container.encode(renditions, forKey: .renditions)
    }
}
