/// A second cache tier shared by every node (Redis), behind the in-process one.
///
/// Implementations must answer within tens of milliseconds or give up: a shared tier
/// that is slow or gone may only cost a miss, never a wait or an error.
public protocol SharedPageTier: Sendable {
    /// The copy stored under `key`, or `nil` when there is none or the tier cannot answer.
    func load(_ key: String) async -> CachedPage?
    /// Stores a copy for `ttl` seconds; failures are swallowed.
    func save(_ page: CachedPage, for key: String, ttl: Int) async
    /// Drops every copy carrying one of the surrogate keys; failures are swallowed.
    func purge(keys: Set<String>) async
}
