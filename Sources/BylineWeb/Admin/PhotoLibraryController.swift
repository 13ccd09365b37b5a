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

struct LibraryPhotoRow: Sendable {
    let id: String
    let url: String
    let thumbnail: String
    let caption: String
    let alt: String
    let credit: String
    let byline: String
    /// "김사진 · 바이라인통신": who took it and whose it is, whichever are known.
    let source: String
    let taken: String?
    let uploaded: String
    let usage: Int
    let size: String
    let state: String?
    let failure: String?
    /// For an animated picture: what readers see of it.
    let motion: String?

    init(_ photo: LibraryPhoto) {
        id = photo.id.description
        url = "/admin/photos/\(photo.id)"
        thumbnail = Links.libraryImage(photo.id) + "?w=320"
        caption = photo.caption
        alt = photo.alt
        credit = photo.credit
        byline = photo.byline
        source = [photo.byline, photo.credit].filter { !$0.isEmpty }.joined(separator: " · ")
        taken = photo.takenAt.map(KoreanTime.articleStamp)
        uploaded = KoreanTime.articleStamp(photo.createdAt)
        usage = photo.usage
        size = "\(photo.width)×\(photo.height)"
        state = photo.isPending ? (photo.stem == nil ? "처리 중" : "새 파일 만드는 중") : nil
        failure = photo.failure
        motion = photo.frames > 1 ? "움직이는 사진(\(photo.frames)장면): 기사에는 첫 장면이 정지 사진으로 실립니다" : nil
    }
}

struct RenditionRow: Sendable {
    let name: String
    let size: String
    let type: String
}

struct PhotoLibraryPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let filter: PhotoLibraryController.Filter
    let isFiltered: Bool
    let photos: [LibraryPhotoRow]
    let next: String?
    let errors: [String: String]
    let typed: PhotoFields
    /// The largest upload, in megabytes.
    let photoLimit: Int
}

struct LibraryPhotoPage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let photo: LibraryPhotoRow
    let pickerWidth: Int
    let pickerHeight: Int
    let focusLeft: Int
    let focusTop: Int
    let files: [RenditionRow]
    let canEdit: Bool
    let errors: [String: String]
    let notice: String?
}

extension LibraryPhotoRow: TemplateView {
    func value(_ name: String) -> TemplateValue? {
        switch name {
        case "id": .of(id)
        case "url": .of(url)
        case "thumbnail": .of(thumbnail)
        case "caption": .of(caption)
        case "alt": .of(alt)
        case "credit": .of(credit)
        case "byline": .of(byline)
        case "source": .of(source)
        case "taken": .of(taken)
        case "uploaded": .of(uploaded)
        case "usage": .of(usage)
        case "size": .of(size)
        case "state": .of(state)
        case "failure": .of(failure)
        case "motion": .of(motion)
        default: nil
        }
    }
}

extension RenditionRow: TemplateView {
    func value(_ name: String) -> TemplateValue? {
        switch name {
        case "name": .of(self.name)
        case "size": .of(size)
        case "type": .of(type)
        default: nil
        }
    }
}

extension PhotoLibraryPage: TemplateView {
    func value(_ name: String) -> TemplateValue? {
        switch name {
        case "layout": .of(layout)
        case "user": .of(user)
        case "query": .of(filter.words)
        case "photographer": .of(filter.photographer)
        case "from": .of(filter.from)
        case "to": .of(filter.to)
        case "isFiltered": .of(isFiltered)
        case "photos": .of(photos)
        case "next": .of(next)
        case "errors": .of(errors)
        case "typed": .of(typed)
        case "photoLimit": .of(photoLimit)
        default: nil
        }
    }
}

extension LibraryPhotoPage: TemplateView {
    func value(_ name: String) -> TemplateValue? {
        switch name {
        case "layout": .of(layout)
        case "user": .of(user)
        case "photo": .of(photo)
        case "pickerWidth": .of(pickerWidth)
        case "pickerHeight": .of(pickerHeight)
        case "focusLeft": .of(focusLeft)
        case "focusTop": .of(focusTop)
        case "files": .of(files)
        case "canEdit": .of(canEdit)
        case "errors": .of(errors)
        case "notice": .of(notice)
        default: nil
        }
    }
}
