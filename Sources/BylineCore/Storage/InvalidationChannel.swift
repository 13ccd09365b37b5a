/// What one process tells the others after content changed.
public enum Invalidation: Hashable, Sendable {
    /// Mark stale the pages carrying any of these surrogate keys: served while a render replaces them.
    case stale(Set<String>)
    /// Drop the pages carrying any of these keys: they must not be served again.
    case purge(Set<String>)
    /// Mark every page stale: a change every page shows, or announcements may have been missed.
    case everything

    /// One line for a channel: a verb and the keys, separated by spaces.
    public var wireText: String {
        switch self {
        case .stale(let keys): (["stale"] + keys.sorted()).joined(separator: " ")
        case .purge(let keys): (["purge"] + keys.sorted()).joined(separator: " ")
        case .everything: "everything"
        }
    }

    /// Reads `wireText`; `nil` when there is nothing to do or the text is not one.
    public init?(wireText: Substring) {
        let words = wireText.split(separator: " ")
        guard let verb = words.first else { return nil }
        let keys = Set(words.dropFirst().map(String.init))
        switch verb {
        case "everything": self = .everything
        case "stale" where !keys.isEmpty: self = .stale(keys)
        case "purge" where !keys.isEmpty: self = .purge(keys)
        default: return nil
        }
    }
}

/// Tells every process about content changes (Redis pub/sub, or the database itself), so
/// that each marks or drops its own copies.
public protocol InvalidationChannel: Sendable {
    /// Sends the invalidation to every other process; gives up quietly after a short timeout.
    func announce(_ invalidation: Invalidation) async
    /// Delivers what other processes announce until the task is cancelled, reconnecting
    /// with backoff when the connection drops. After a reconnection it delivers
    /// `.everything`, because announcements sent meanwhile were lost.
    func listen(_ deliver: @escaping @Sendable (Invalidation) -> Void) async
}
