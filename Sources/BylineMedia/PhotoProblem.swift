/// Why an uploaded picture was refused, in words for the newsroom.
public enum PhotoProblem: Error, Equatable, Sendable {
    case empty
    case tooLarge(bytes: Int)
    case svg
    case heifUnreadable
    case unrecognised
    case truncated
    case tooManyPixels(limit: Int)
    case unreadable
    case cannotWrite
    /// Neither the form nor the file gives a caption, and the article needs one.
    case captionMissing

    public var message: String {
        switch self {
        case .empty: "빈 파일입니다. 사진 파일을 다시 골라 주세요."
        case .tooLarge(let bytes): "사진은 \(bytes / 1024 / 1024)MB까지 올릴 수 있습니다."
        case .svg: "SVG 파일은 스크립트를 담을 수 있어 받지 않습니다. JPEG나 PNG로 바꿔 올려 주세요."
        case .heifUnreadable: "이 서버는 HEIC/AVIF 사진을 읽을 수 없습니다. JPEG로 바꿔 올려 주세요."
        case .unrecognised: "JPEG, PNG, WebP, GIF 사진만 올릴 수 있습니다 (파일 이름이 아니라 내용으로 확인합니다)."
        case .truncated: "파일이 중간에 잘렸습니다. 다시 올려 주세요."
        case .tooManyPixels(let limit): "사진이 너무 큽니다: \(limit / 1_000_000)백만 화소까지 받습니다."
        case .unreadable: "사진 파일이 손상되어 읽을 수 없습니다."
        case .cannotWrite: "사진을 저장하지 못했습니다. 잠시 후 다시 시도해 주세요."
        case .captionMissing: "사진 설명을 써 주세요 (파일에도 설명이 없습니다)."
        }
    }
}
