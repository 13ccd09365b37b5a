import BylineCore
import BylineMedia
import BylineNewsroom
import Foundation
import Hummingbird

// The photo library's pages as their templates read them (PhotoLibraryController fills them).

/// A picture in the library list.
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
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .url: .of(url)
        case .thumbnail: .of(thumbnail)
        case .caption: .of(caption)
        case .alt: .of(alt)
        case .credit: .of(credit)
        case .byline: .of(byline)
        case .source: .of(source)
        case .taken: .of(taken)
        case .uploaded: .of(uploaded)
        case .usage: .of(usage)
        case .size: .of(size)
        case .state: .of(state)
        case .failure: .of(failure)
        case .motion: .of(motion)
        default: nil
        }
    }
}

extension RenditionRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(self.name)
        case .size: .of(size)
        case .type: .of(type)
        default: nil
        }
    }
}

extension PhotoLibraryPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .query: .of(filter.words)
        case .photographer: .of(filter.photographer)
        case .from: .of(filter.from)
        case .to: .of(filter.to)
        case .isFiltered: .of(isFiltered)
        case .photos: .of(photos)
        case .next: .of(next)
        case .errors: .of(errors)
        case .typed: .of(typed)
        case .photoLimit: .of(photoLimit)
        default: nil
        }
    }
}

extension LibraryPhotoPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .photo: .of(photo)
        case .pickerWidth: .of(pickerWidth)
        case .pickerHeight: .of(pickerHeight)
        case .focusLeft: .of(focusLeft)
        case .focusTop: .of(focusTop)
        case .files: .of(files)
        case .canEdit: .of(canEdit)
        case .errors: .of(errors)
        case .notice: .of(notice)
        default: nil
        }
    }
}
