/// Decides which node runs the scheduled jobs (publishing at the planned time, emptying
/// the trash) when several nodes share one database, so that each job runs once.
public protocol JobLeadership: Sendable {
    /// Whether this node leads now, taking the lead when no live node holds it. Asked
    /// before every run: a leader that died loses the lead, and another node takes it.
    func lead() async -> Bool

    /// Gives the lead up at once (at shutdown), rather than when the session times out.
    func resign() async
}
