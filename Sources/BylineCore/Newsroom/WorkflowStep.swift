import Foundation

/// A workflow step as the newsroom asks for it, with what the step needs: what a button
/// or an Admin API call turns into, and what the newsroom's service carries out.
public enum WorkflowStep: Sendable, Equatable {
    case submit
    case returnForRework(comment: String)
    case publish
    case schedule(at: Date)
    case correct(text: String)
    case unpublish
    case kill(reason: String)
    case pin(position: Int, until: Date)
    case unpin
    case trash
    case restore

    /// The action the audit log records.
    public var action: WorkflowAction {
        switch self {
        case .submit: .submit
        case .returnForRework: .returnForRework
        case .publish: .publish
        case .schedule: .schedule
        case .correct: .correct
        case .unpublish: .unpublish
        case .kill: .kill
        case .pin: .pin
        case .unpin: .unpin
        case .trash: .trash
        case .restore: .restore
        }
    }
}
