import BylineCache
import BylineCore
import Foundation
import NIOCore
import NIOPosix

/// Publish invalidation over Redis pub/sub: a node that changed content publishes the
/// surrogate keys; every node, on its own subscribed connection, drops its copies.
///
/// A message is the sender's node id, a newline, and the keys separated by spaces; a
/// node ignores its own messages (it has already dropped its copies).
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

    public func announce(_ keys: Set<String>) async {
        guard !keys.isEmpty else { return }
        _ = try? await client.send("PUBLISH", channelName, nodeID + "\n" + keys.sorted().joined(separator: " "))
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

    /// The keys of another node's message; `nil` for this node's own and for anything malformed.
    func decode(_ payload: [UInt8]) -> Invalidation? {
        let text = String(decoding: payload, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return nil }
        guard text[..<newline] != nodeID else { return nil }
        let keys = Set(text[text.index(after: newline)...].split(separator: " ").map(String.init))
        return keys.isEmpty ? nil : .keys(keys)
    }
}
