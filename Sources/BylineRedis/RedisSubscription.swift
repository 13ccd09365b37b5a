import NIOCore
import NIOPosix

/// A connection in subscribe mode: it only receives, so it lives apart from the pool.
///
/// A PING goes out every `heartbeat`; a connection that has heard nothing for three
/// heartbeats (Redis frozen, or the network cut without a close) is closed, so the
/// listener notices and reconnects instead of waiting forever on a silent socket.
final class RedisSubscription: Sendable {
    let channel: any Channel
    /// Payloads published on the subscribed channel, until the connection ends.
    let messages: AsyncStream<[UInt8]>

    private init(channel: any Channel, messages: AsyncStream<[UInt8]>) {
        self.channel = channel
        self.messages = messages
    }

    /// Connects, authenticates and subscribes; fails unless Redis confirms within the connect timeout.
    static func open(
        _ configuration: RedisConfiguration, channel name: String, heartbeat: Duration,
        group: any EventLoopGroup
    ) async throws(RedisError) -> RedisSubscription {
        let (messages, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(1_000))
        let (confirmations, confirm) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SubscriptionHandler(channelName: name, heartbeat: heartbeat, messages: continuation, confirm: confirm))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed
        }
        var buffer = channel.allocator.buffer(capacity: 128)
        if let password = configuration.password { RESPEncoder.command(["AUTH", password], into: &buffer) }
        RESPEncoder.command(["SUBSCRIBE", name], into: &buffer)
        channel.writeAndFlush(buffer, promise: nil)

        // The confirmation, or a timeout that closes the connection (and so ends the wait).
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.connectTimeout)) { channel.close(promise: nil) }
        var confirmed = false
        for await answer in confirmations {
            confirmed = answer
            break
        }
        deadline.cancel()
        guard confirmed else {
            channel.close(promise: nil)
            throw .connectFailed
        }
        continuation.onTermination = { _ in channel.close(promise: nil) }
        return RedisSubscription(channel: channel, messages: messages)
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Parses what a subscribed connection receives and passes on the channel's messages.
final class SubscriptionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let channelName: String
    private let heartbeat: Duration
    private let messages: AsyncStream<[UInt8]>.Continuation
    private let confirm: AsyncStream<Bool>.Continuation
    private let parser = RESPParser()
    private var buffer: ByteBuffer?
    private var heardSince = true
    private var silentBeats = 0
    private var pinger: RepeatedTask?

    init(
        channelName: String, heartbeat: Duration, messages: AsyncStream<[UInt8]>.Continuation,
        confirm: AsyncStream<Bool>.Continuation
    ) {
        self.channelName = channelName
        self.heartbeat = heartbeat
        self.messages = messages
        self.confirm = confirm
    }

    func channelActive(context: ChannelHandlerContext) {
        let interval = TimeAmount(heartbeat)
        let channel = context.channel
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            loopBound.value.beat(channel: channel)
        }
        context.fireChannelActive()
    }

    private func beat(channel: any Channel) {
        silentBeats = heardSince ? 0 : silentBeats + 1
        heardSince = false
        if silentBeats >= 3 {
            channel.close(promise: nil)
            return
        }
        var ping = channel.allocator.buffer(capacity: 16)
        RESPEncoder.command(["PING"], into: &ping)
        channel.writeAndFlush(ping, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heardSince = true
        var incoming = unwrapInboundIn(data)
        if buffer == nil { buffer = incoming } else { buffer?.writeBuffer(&incoming) }
        guard var bytes = buffer else { return }
        do {
            while let value = try parser.next(&bytes) {
                handle(value, context: context)
            }
            buffer = bytes.readableBytes == 0 ? nil : bytes
        } catch {
            // Garbage: nothing after it can be trusted; the listener reconnects.
            context.close(promise: nil)
        }
    }

    private func handle(_ value: RESPValue, context: ChannelHandlerContext) {
        switch value {
        case .array(let parts?) where parts.count == 3 && parts[0].string == "message":
            if case .bulkString(let payload?) = parts[2] { messages.yield(payload) }
        case .array(let parts?) where parts.count == 3 && parts[0].string == "subscribe":
            confirm.yield(parts[1].string == channelName)
        case .error:
            // AUTH or SUBSCRIBE refused.
            confirm.yield(false)
            context.close(promise: nil)
        default:
            break  // AUTH's +OK and the answers to heartbeats.
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pinger?.cancel()
        confirm.yield(false)
        confirm.finish()
        messages.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
