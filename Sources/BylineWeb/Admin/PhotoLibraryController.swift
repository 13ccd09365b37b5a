import BylineCore
import BylineMedia
import BylineNewsroom
import Foundation
import Hummingbird

/// The photo library in the newsroom: every picture with its thumbnail and what the desk
/// knows about it, search, upload, the focal point set by clicking the picture, and a
/// new original for a picture articles already show.
struct PhotoLibraryController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let backend: any NewsroomBackend
    let photos: PhotoDesk

    /// The width the detail page shows the picture at: clicks on it are read in these pixels.
    static let pickerWidth = 640

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin/photos", use: list)
        routes.post("/admin/photos", use: upload)
        routes.get("/admin/photos/:photo", use: detail)
        routes.post("/admin/photos/:photo", use: describe)
        routes.post("/admin/photos/:photo/original", use: replace)
        return routes
    }

    /// What the list is narrowed to: words, a photographer, days taken (Seoul days, inclusive).
    struct Filter {
        var words = ""
        var photographer = ""
        var from = ""
        var to = ""
        /// The words, parsed as the site's search parses a reader's.
        var search: SearchQuery?

        init() {}

        init(_ context: BylineRequestContext) throws {
            func field(_ name: String) -> String {
                String((context.query[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
            }
            (words, photographer, from, to) = (field("q"), field("photographer"), field("from"), field("to"))
            search = words.isEmpty ? nil : try SearchQuery(words)
            for (name, day) in [("from", from), ("to", to)] where !day.isEmpty && KoreanDay(day) == nil {
                throw BylineError.invalidInput("\(name == "from" ? "시작" : "끝") 날짜는 2026-12-03처럼 써 주세요.")
            }
        }

        /// From the start of `from` to the end of `to`, in Seoul.
        var taken: Range<Date>? {
            let start = KoreanDay(from)?.start ?? .distantPast, end = KoreanDay(to)?.end ?? .distantFuture
            return from.isEmpty && to.isEmpty ? nil : start..<max(start, end)
        }

        var items: [String: String?] {
            ["q": words, "photographer": photographer, "from": from, "to": to].mapValues { $0.isEmpty ? nil : $0 }
        }
    }

    @Sendable func list(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await listPage(try context.signedIn(), filter: try Filter(context), cursor: context.query["cursor"], problems: [], status: .ok)
    }

    func listPage(
        _ signed: SignIn.Signed, filter: Filter, cursor: String?, problems: [FieldProblem], status: HTTPResponse.Status,
        typed: PhotoFields = PhotoFields(caption: "", credit: "", alt: "")
    ) async throws -> Response {
        let after = try cursor.map { token in
            guard let cursor = PageCursor(token: token, kind: .time) else {
                throw BylineError.invalidInput("목록 위치(cursor)가 올바르지 않습니다. 첫 쪽부터 다시 보세요.")
            }
            return cursor
        }
        let page = try await backend.libraryPhotos(
            matching: filter.search, photographer: filter.photographer.isEmpty ? nil : filter.photographer,
            taken: filter.taken, page: PageRequest(after: after, limit: 24))
        let next = page.next.map { "/admin/photos?" + Self.query(filter.items.merging(["cursor": $0.token]) { $1 }) }
        let view = PhotoLibraryPage(
            layout: site.adminLayout(title: "사진 보관함", path: "/admin/photos"), user: UserBar(signed), filter: filter,
            isFiltered: filter.items.values.contains { $0 != nil },
            photos: page.items.map(LibraryPhotoRow.init), next: next,
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }), typed: typed,
            photoLimit: photos.maximumMegabytes)
        return try AdminController.html(site.templates.render(view, template: "admin-photos"), status: status)
    }

    @Sendable func upload(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try await context.signedUpload(request, photos: photos)
        let typed = PhotoFields(
            caption: (form["caption"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            credit: (form["credit"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            alt: (form["alt"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        guard let file = form.files["photo"], !file.bytes.isEmpty else {
            return try await listPage(
                signed, filter: Filter(), cursor: nil, problems: [FieldProblem(field: "photo", message: "올릴 사진 파일을 고르세요.")],
                status: .badRequest, typed: typed)
        }
        do {
            let added = try await photos.upload(
                file.bytes, description: UploadDescription(caption: typed.caption, alt: typed.alt, credit: typed.credit), by: signed.user)
            return AdminController.redirect(to: "/admin/photos/\(added.id)?saved=1")
        } catch let problem as PhotoProblem {
            return try await listPage(
                signed, filter: Filter(), cursor: nil, problems: [FieldProblem(field: "photo", message: problem.message)], status: .badRequest,
                typed: typed)
        }
    }

    @Sendable func detail(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let photo = try await libraryPhoto(context)
        return try detailPage(signed, photo, problems: [], status: .ok, notice: context.query["saved"] != nil ? "저장했습니다." : nil)
    }

    func detailPage(
        _ signed: SignIn.Signed, _ photo: LibraryPhoto, problems: [FieldProblem], status: HTTPResponse.Status, notice: String? = nil
    ) throws -> Response {
        let view = LibraryPhotoPage(
            layout: site.adminLayout(title: "사진 \(photo.id)", path: "/admin/photos/\(photo.id)"), user: UserBar(signed),
            photo: LibraryPhotoRow(photo), pickerWidth: Self.pickerWidth,
            pickerHeight: max(1, Self.pickerWidth * photo.height / max(photo.width, 1)),
            focusLeft: Int((photo.focus.x * 100).rounded()), focusTop: Int((photo.focus.y * 100).rounded()),
            files: photo.renditions?.files.map { RenditionRow(name: $0.name, size: "\($0.width)×\($0.height)", type: $0.mediaType) } ?? [],
            canEdit: Self.canEdit(photo, signed.user),
            errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }), notice: notice)
        return try AdminController.html(site.templates.render(view, template: "admin-photo"), status: status)
    }

    /// Editors change any picture; others the pictures they uploaded.
    static func canEdit(_ photo: LibraryPhoto, _ user: User) -> Bool {
        user.role.canPublish || photo.uploadedBy == user.id
    }

    /// Saves the caption, alt text, credit and by-line; a click on the picture (an image
    /// button sends where it was clicked) sets the focal point the crops keep in frame.
    @Sendable func describe(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try context.signedForm()
        let photo = try await libraryPhoto(context)
        guard Self.canEdit(photo, signed.user) else { throw BylineError.forbidden("사진을 올린 사람이나 편집자만 고칠 수 있습니다.") }
        var focus = photo.focus
        if let x = form["focus.x"].flatMap(Double.init), let y = form["focus.y"].flatMap(Double.init) {
            let height = max(1, Self.pickerWidth * photo.height / max(photo.width, 1))
            focus = FocalPoint(x: x / Double(Self.pickerWidth), y: y / Double(height))
        }
        func field(_ name: String, _ current: String) -> String {
            form[name].map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000)) } ?? current
        }
        let description = LibraryPhotoDescription(
            caption: field("caption", photo.caption), alt: field("alt", photo.alt), credit: field("credit", photo.credit),
            byline: field("byline", photo.byline), focus: focus)
        try await photos.describe(photo.id, description)
        return AdminController.redirect(to: "/admin/photos/\(photo.id)?saved=1")
    }

    /// A new original for the picture: new renditions for every article that shows it.
    @Sendable func replace(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try await context.signedUpload(request, photos: photos)
        let photo = try await libraryPhoto(context)
        guard Self.canEdit(photo, signed.user) else { throw BylineError.forbidden("사진을 올린 사람이나 편집자만 고칠 수 있습니다.") }
        guard let file = form.files["photo"], !file.bytes.isEmpty else {
            return try detailPage(signed, photo, problems: [FieldProblem(field: "photo", message: "바꿀 사진 파일을 고르세요.")], status: .badRequest)
        }
        do {
            _ = try await photos.replace(photo.id, with: file.bytes)
        } catch let problem as PhotoProblem {
            return try detailPage(signed, photo, problems: [FieldProblem(field: "photo", message: problem.message)], status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/photos/\(photo.id)?saved=1")
    }

    func libraryPhoto(_ context: BylineRequestContext) async throws -> LibraryPhoto {
        guard let id = context.parameters.get("photo").flatMap(LibraryPhotoID.init),
              let photo = try await backend.libraryPhoto(id) else { throw BylineError.notFound }
        return photo
    }

    static func query(_ items: [String: String?]) -> String {
        items.sorted { $0.key < $1.key }.compactMap { key, value in
            value.map { "\(key)=\(percentEncode($0))" }
        }.joined(separator: "&")
    }
}
