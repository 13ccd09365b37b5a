import NIOCore
import NIOPosix

/// One connection to Redis. Commands are pipelined: each is written at once and its
/// reply matched in order. A command that outlives the timeout closes the connection
/// (its later reply could no longer be matched), failing what is still pending.
final class RedisConnection: Sendable {
    let channel: any Channel
    let timeout: Duration

    private init(channel: any Channel, timeout: Duration) {
        self.channel = channel
        self.timeout = timeout
    }

    static func connect(_ configuration: RedisConfiguration, group: any EventLoopGroup) async throws(RedisError) -> RedisConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RESPHandler()) }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed
        }
        let connection = RedisConnection(channel: channel, timeout: configuration.commandTimeout)
        var setup: [[String]] = []
        if let password = configuration.password { setup.append(["AUTH", password]) }
        if configuration.database != 0 { setup.append(["SELECT", String(configuration.database)]) }
        if !setup.isEmpty {
            do {
                for reply in try await connection.send(setup.map { $0.map { Array($0.utf8) } }) {
                    if case .error(let message) = reply { throw RedisError.server(message) }
                }
            } catch {
                connection.close()
                throw (error as? RedisError) ?? .connectFailed
            }
        }
        return connection
    }

    var isActive: Bool { channel.isActive }

    /// Sends commands in one write and returns their replies in order.
    func send(_ commands: [[[UInt8]]]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        var buffer = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { RESPEncoder.command(command, into: &buffer) }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let request = RESPHandler.Request(bytes: buffer, replies: commands.count, promise: promise)
        let channel = self.channel
        let id = ObjectIdentifier(promise.futureResult)
        // The deadline ends the wait itself (a reply after that is ignored, as completing a
        // promise twice is), then has the handler close the connection if the request is
        // still queued there.
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(RedisError.timeout)
            channel.pipeline.fireUserInboundEventTriggered(RESPHandler.TimedOut(request: id))
        }
        // A connection can close between the pool's check and this write; the pipeline has no
        // handler then to fail the request, so a failed write fails it here.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in promise.fail(RedisError.connectionClosed) }
        channel.writeAndFlush(request, promise: written)
        do {
            let replies = try await promise.futureResult.get()
            deadline.cancel()
            return replies
        } catch let error as RedisError {
            deadline.cancel()
            throw error
        } catch {
            deadline.cancel()
            throw .connectionClosed
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Matches replies to requests, first in, first out, on the connection's event loop.
final class RESPHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    struct Request {
        let bytes: ByteBuffer
        let replies: Int
        let promise: EventLoopPromise<[RESPValue]>
    }

    /// Fired when a request's deadline passes; harmless if it was answered meanwhile.
    struct TimedOut {
        let request: ObjectIdentifier
    }

    private var pending: [(replies: Int, received: [RESPValue], promise: EventLoopPromise<[RESPValue]>)] = []
    private var buffer: ByteBuffer?
    private var failure: RedisError = .connectionClosed
    private let parser = RESPParser()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.promise.fail(RedisError.connectionClosed)
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        pending.append((request.replies, [], request.promise))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer == nil { buffer = incoming } else { buffer?.writeBuffer(&incoming) }
        guard var bytes = buffer else { return }
        do {
            while let value = try parser.next(&bytes) {
                guard !pending.isEmpty else { throw RedisError.protocolViolation }
                pending[0].received.append(value)
                if pending[0].received.count == pending[0].replies {
                    let done = pending.removeFirst()
                    done.promise.succeed(done.received)
                }
            }
            buffer = bytes.readableBytes == 0 ? nil : bytes
        } catch {
            // Garbage from the server: nothing after it can be trusted.
            failure = .protocolViolation
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let timedOut = event as? TimedOut {
            if pending.contains(where: { ObjectIdentifier($0.promise.futureResult) == timedOut.request }) {
                failure = .timeout
                context.close(promise: nil)
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let waiting = pending
        pending = []
        for entry in waiting { entry.promise.fail(failure) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
