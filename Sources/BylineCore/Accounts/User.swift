import Foundation

/// A person in the newsroom who signs in.
public struct User: Hashable, Sendable {
    public var id: UserID
    public var email: String
    public var name: String
    public var role: Role
    /// The reporter this account writes as: its byline, with the account's name and e-mail.
    /// Reporters and editors have one from the start; an admin gets one when it first writes.
    public var reporterID: ReporterID?

    public init(id: UserID, email: String, name: String, role: Role, reporterID: ReporterID? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.reporterID = reporterID
    }
}

public struct UserID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// What a person may do. A reporter writes and edits their own drafts and submits them
/// for review; an editor edits anything, publishes, schedules, corrects and unpublishes;
/// an admin also manages users, sections and API tokens.
public enum Role: String, CaseIterable, Hashable, Sendable {
    case reporter, editor, admin

    public var koreanName: String {
        switch self {
        case .reporter: "기자"
        case .editor: "편집자"
        case .admin: "관리자"
        }
    }

    public var canPublish: Bool { self != .reporter }
    public var canManageNewsroom: Bool { self == .admin }
    /// Whether every account of this role is a byline from the start (an admin becomes one when it writes).
    public var writes: Bool { self != .admin }
}

/// A user about to be added, with the password already hashed.
public struct NewUser: Sendable {
    public var email: String
    public var name: String
    public var role: Role
    public var passwordHash: String

    public init(email: String, name: String, role: Role, passwordHash: String) {
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}

/// The rules a new password must meet, with the Korean message shown when it does not.
public enum PasswordPolicy {
    public static let minimumLength = 10

    /// `nil` when the password is acceptable, otherwise why not.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "비밀번호는 \(minimumLength)자 이상이어야 합니다." }
        if password.count > 200 { return "비밀번호는 200자를 넘을 수 없습니다." }
        return nil
    }
}
