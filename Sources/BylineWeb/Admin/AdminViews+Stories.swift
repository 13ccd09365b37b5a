import BylineCore

/// The live entry form's fields as they were typed.
struct TypedLiveEntry: Sendable {
    var kind = LiveEntryKind.text
    var body = ""
    var source = ""
    var photoURL = ""
    var isPinned = false

    var kinds: [OptionView] {
        LiveEntryKind.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: $0 == kind) }
    }
}

/// Live coverage in the editor: its state and every entry, with the desk's controls.
struct DeskLive: Sendable {
    struct Entry: Sendable {
        let id: Int64
        let html: String
        let body: String
        let isPinned: Bool
    }

    let isLive: Bool
    let entries: [Entry]

    init(_ coverage: LiveCoverage) {
        isLive = coverage.isLive
        entries = coverage.entries.map { Entry(id: $0.id, html: LiveEntryHTML.item($0, anchored: false), body: $0.body, isPinned: $0.isPinned) }
    }
}

/// One version in the editor's list of a story's versions, with the desk's controls.
struct ChainRow: Sendable {
    let id: Int64
    let place: String
    let headline: String
    let statusName: String
    let isCurrent: Bool
    let isRoundup: Bool
    /// Where 위로 and 아래로 move it (0 first); `nil` at either end.
    let upPosition: Int?
    let downPosition: Int?
    let canEditChain: Bool
    /// The article whose editor lists it, where the controls come back to.
    let returnTo: Int64
}
