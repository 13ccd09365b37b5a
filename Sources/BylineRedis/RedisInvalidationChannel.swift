import BylineCache
import BylineCore
import Foundation
import NIOCore
import NIOPosix

/// Publish invalidation over Redis pub/sub: a node that changed content publishes which
/// pages to mark stale and which to purge; every node, on its own subscribed connection,
/// does the same to its copies.
///
/// A message is the sender's node id, a newline, and `Invalidation.wireText`; a node
/// ignores its own messages (it has already dealt with its copies).
public struct RedisInvalidationChannel: InvalidationChannel {
    let client: RedisClient
    let nodeID: String
    let channelName: String
    let heartbeat: Duration
    let group: any EventLoopGroup

    public init(
        client: RedisClient, nodeID: String = UUID().uuidString, channelName: String = "byline:invalidate",
        heartbeat: Duration = .seconds(1), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.client = client
        self.nodeID = nodeID
        self.channelName = channelName
        self.heartbeat = heartbeat
        self.group = group
    }

    public func announce(_ invalidation: Invalidation) async {
        _ = try? await client.send("PUBLISH", channelName, nodeID + "\n" + invalidation.wireText)
    }

    public func listen(_ deliver: @escaping @Sendable (Invalidation) -> Void) async {
        var backoff = Duration.milliseconds(50)
        var missedSome = false
        while !Task.isCancelled {
            if let subscription = try? await RedisSubscription.open(
                client.configuration, channel: channelName, heartbeat: heartbeat, group: group) {
                // Whatever was announced while this node was not listening is unknown.
                if missedSome { deliver(.everything) }
                backoff = .milliseconds(50)
                await withTaskCancellationHandler {
                    for await payload in subscription.messages {
                        if let invalidation = decode(payload) { deliver(invalidation) }
                    }
                } onCancel: {
                    subscription.close()
                }
            }
            missedSome = true
            guard !Task.isCancelled else { return }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    /// Another node's message; `nil` for this node's own and for anything malformed.
    func decode(_ payload: [UInt8]) -> Invalidation? {
        let text = String(decoding: payload, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n"), text[..<newline] != nodeID else { return nil }
        return Invalidation(wireText: text[text.index(after: newline)...])
    }
}
