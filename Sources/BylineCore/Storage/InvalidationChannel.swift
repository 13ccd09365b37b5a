/// What one process tells the others after content changed.
public enum Invalidation: Hashable, Sendable {
    /// Drop the pages carrying any of these surrogate keys.
    case keys(Set<String>)
    /// Drop everything: announcements may have been missed (the channel was down).
    case everything
}

/// Tells every process about content changes (Redis pub/sub, or the database itself), so
/// that each drops its own copies.
public protocol InvalidationChannel: Sendable {
    /// Sends the keys to every other node; gives up quietly after a short timeout.
    func announce(_ keys: Set<String>) async
    /// Delivers what other nodes announce until the task is cancelled, reconnecting with
    /// backoff when the connection drops. After a reconnection it delivers `.everything`,
    /// because announcements sent meanwhile were lost.
    func listen(_ deliver: @escaping @Sendable (Invalidation) -> Void) async
}
