import BylineCore
import BylineIngest
import Hummingbird

/// What a reader is told about an error: the status and a Korean explanation.
/// This is the one place where errors meet HTTP statuses.
struct ErrorDescription {
    let status: HTTPResponse.Status
    let heading: String
    let message: String
    /// Seconds to suggest in `Retry-After` for temporary failures.
    let retryAfter: Int?
    /// The methods a path takes, for the `Allow` header of a 405.
    var allow: String?
    /// Field by field, for problem+json `errors`.
    var fields: [FieldProblem] = []

    init(_ error: any Error) {
        switch error {
        case BylineError.notFound:
            self = .notFound
        case BylineError.gone(let killedAt):
            self.init(
                status: .gone, heading: "취소된 기사입니다",
                message: "이 기사는 \(KoreanTime.listStamp(killedAt))에 취소되어 더는 제공하지 않습니다.")
        case BylineError.invalidInput(let message):
            self.init(status: .badRequest, heading: "잘못된 요청입니다", message: message)
        case BylineError.unavailable:
            self = .unavailable
        case BylineError.forbidden(let message):
            self.init(status: .forbidden, heading: "허용되지 않은 요청입니다", message: message)
        case BylineError.unauthorized:
            self.init(
                status: .unauthorized, heading: "인증이 필요합니다",
                message: "Authorization: Bearer 뒤에 유효한 API 토큰을 보내 주세요.")
        case BylineError.conflict:
            self.init(
                status: .conflict, heading: "다른 사람이 먼저 저장했습니다",
                message: "기사를 다시 불러와 변경 내용을 확인한 뒤 저장해 주세요. 아무것도 덮어쓰지 않았습니다.")
        case let refusal as StorageRefusal:
            self.init(status: .badRequest, heading: "잘못된 요청입니다", message: refusal.explanation)
            fields = refusal.field.map { [FieldProblem(field: $0, message: refusal.explanation)] } ?? []
        case let problem as IngestProblem:
            let status: HTTPResponse.Status = switch problem {
            case .tooLarge: .contentTooLarge
            case .unsupportedType, .notUTF8: .unsupportedMediaType
            case .wrongSchema: .unprocessableContent
            case .malformedJSON, .malformedXML, .documentTypeDeclaration, .tooDeep: .badRequest
            }
            self.init(status: status, heading: "받을 수 없는 항목입니다", message: problem.explanation)
        case BylineError.statusChanged(let status):
            self.init(
                status: .conflict, heading: "다른 사람이 먼저 처리했습니다",
                message: "이 기사는 지금 '\(status.koreanName)' 상태입니다. 기사를 다시 불러와 확인해 주세요. 아무것도 바꾸지 않았습니다.")
        case BylineError.versionRequired:
            self.init(
                status: .preconditionRequired, heading: "읽은 버전을 보내 주세요",
                message: "다른 사람의 저장을 덮어쓰지 않도록, 읽은 기사의 version을 본문의 \"version\" 또는 If-Match 헤더로 보내야 합니다.")
            fields = [FieldProblem(field: "version", message: "읽은 기사의 version을 보내 주세요 (본문의 version 또는 If-Match).")]
        case BylineError.invalidFields(let problems):
            self.init(
                status: .badRequest, heading: "입력을 확인해 주세요",
                message: problems.map { "\($0.field): \($0.message)" }.joined(separator: " "))
            fields = problems
        case BylineError.tooManyAttempts(let seconds):
            self.init(
                status: .tooManyRequests, heading: "잠시 후 다시 시도해 주세요",
                message: "시도가 너무 많았습니다. 약 \((seconds + 59) / 60)분 뒤에 다시 시도해 주세요.", retryAfter: seconds)
        case let error as MethodNotAllowed:
            self.init(status: .methodNotAllowed)
            allow = error.allowed
        case let error as StorageError where error.isTransient:
            self = .unavailable
        case let error as HTTPError:
            self.init(status: error.status)
        case let error as any HTTPResponseError:
            self.init(status: error.status)
        default:
            self = .internalError
        }
    }

    init(status: HTTPResponse.Status, heading: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.heading = heading
        self.message = message
        self.retryAfter = retryAfter
    }

    /// A generic Korean text for statuses raised by the framework (405, 413, ...).
    init(status: HTTPResponse.Status) {
        switch status.code {
        case 404: self = .notFound
        case 405: self.init(status: status, heading: "허용되지 않는 요청입니다", message: "이 주소에서는 그 방식의 요청을 받을 수 없습니다.")
        case 413: self.init(status: status, heading: "요청이 너무 큽니다", message: "보낸 내용이 허용된 크기를 넘었습니다.")
        case 414: self.init(status: status, heading: "주소가 너무 깁니다", message: "주소(URL)가 허용된 길이를 넘었습니다.")
        case 431: self.init(status: status, heading: "요청 헤더가 너무 큽니다", message: "요청 헤더가 허용된 크기를 넘었습니다.")
        case 400..<500: self.init(status: status, heading: "잘못된 요청입니다", message: "요청을 처리할 수 없습니다. 주소를 확인해 주세요.")
        case 503: self = .unavailable
        default: self = .internalError
        }
    }

    static let notFound = ErrorDescription(
        status: .notFound, heading: "페이지를 찾을 수 없습니다",
        message: "요청하신 페이지가 없거나 삭제되었습니다. 주소를 다시 확인해 주세요.")
    static let unavailable = ErrorDescription(
        status: .serviceUnavailable, heading: "잠시 후 다시 시도해 주세요",
        message: "지금 요청이 많거나 점검 중이어서 페이지를 보여 드릴 수 없습니다. 곧 복구됩니다.", retryAfter: 5)
    static let internalError = ErrorDescription(
        status: .internalServerError, heading: "일시적인 오류가 발생했습니다",
        message: "불편을 드려 죄송합니다. 잠시 후 다시 시도해 주세요.")
}

/// A request with a method the path does not take (a write to the read-only API).
struct MethodNotAllowed: Error {
    let allowed: String
}
