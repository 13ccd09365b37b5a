import BylineCore
import BylineNewsroom
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Streams live coverage (`GET /news/{id}/live`) on the connection's event loop, before
/// Hummingbird makes the request a task.
///
/// A reader holds its stream for hours, and a node holds 10,000 of them. Answered by a
/// route, each stream kept a task, and Swift's task allocator keeps the memory of a task's
/// deepest stack until the task ends: 10,000 readers took 420 MB. Here a stream costs its
/// connection and a function in the hub's list (10,000 took 205 MB, `scripts/live-fanout`).
///
/// The request is taken as its head arrives. Whether the article streams is asked off the
/// loop (`LiveStreams.open`); when it does not, or the store cannot say, the request goes on
/// to Hummingbird unchanged, and the router answers as for any page (404, 503). Once
/// streaming, the connection carries the stream only and closes with it: when the coverage
/// ends, when the reader falls a write buffer behind (the channel stops being writable),
/// or when the server shuts down (the browser then reconnects and resumes). Heartbeats
/// replace the idle timeout; `CacheHitHandler`, in front, counts a stream as an answer still
/// being made and leaves its connection open.
final class LiveStreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Events that may wait while a stream opens; a reader that falls further behind is dropped.
    static let openingBuffer = 64

    /// A stream request being opened off the loop, and what arrived meanwhile.
    private struct Opening {
        let request: HTTPRequest
        var endRead = false
        var parts: [HTTPRequestPart] = []
        var events: [LiveHub.Event] = []
    }

    private struct Stream {
        let subscription: LiveHub.Subscription
        /// The number of the last change written.
        var written: Int64
    }

    private let streams: LiveStreams
    /// What Hummingbird's connection handler is made with, to put one back (`passOn`).
    private let idleTimeout: TimeAmount?
    private let logger: Logger
    private var context: ChannelHandlerContext?
    /// The response encoder's context: the stream is written below it, as bytes.
    private var wire: ChannelHandlerContext?
    /// Requests passed on whose answers have not been written whole yet.
    private var passedOn = 0
    private var opening: Opening?
    private var stream: Stream?
    /// The stream has ended and the connection is closing.
    private var finished = false

    init(streams: LiveStreams, idleTimeout: TimeAmount?, logger: Logger) {
        (self.streams, self.idleTimeout, self.logger) = (streams, idleTimeout, logger)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        wire = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leave()
        self.context = nil
        wire = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        // A streaming connection reads nothing more.
        guard stream == nil, !finished else { return }
        if opening != nil {
            if case .end = part, opening?.endRead == false { opening?.endRead = true } else { opening?.parts.append(part) }
            return
        }
        if case .head(let request) = part {
            // Answers leave in the order their requests came: behind one still being
            // answered, a stream request goes on to the router too.
            if passedOn == 0, wire != nil, let article = LiveStreams.article(of: request) {
                open(article, request: request, context: context)
                return
            }
            passedOn += 1
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    /// At shutdown a stream closes at once: it would never end by itself.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, stream != nil || opening != nil {
            // A stream's response ends whole; the browser reconnects to another node, or to
            // this one once it is back.
            guard stream != nil, let wire else {
                context.close(promise: nil)
                return
            }
            leave()
            let channel = context.channel
            wire.writeAndFlush(NIOAny(LiveStreams.lastChunk)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func open(_ article: ArticleID, request: HTTPRequest, context: ChannelHandlerContext) {
        let started = ContinuousClock.now
        opening = Opening(request: request)
        // Hummingbird's connection handler would see no request here and close the connection
        // as idle while the stream opens (or at once when the server shuts down), so it goes:
        // a stream keeps itself alive with heartbeats, and closes itself at shutdown.
        if let state = try? context.pipeline.syncOperations.context(handlerType: HTTPConnectionStateHandler.self) {
            context.pipeline.syncOperations.removeHandler(context: state, promise: nil)
        }
        let requestID = request.headerFields[.requestID].flatMap(RequestLogging.sane) ?? RequestLogging.newID()
        let peer = context.channel.remoteAddress?.ipAddress ?? BylineRequestContext.unknownAddress
        let loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let reader: LiveHub.Reader = { event in loop.execute { handler.value.receive(event) } }
        let streams = streams
        Task {
            let opened = await streams.open(article, resume: LiveStreams.Resume(request), requestID: requestID, reader: reader)
            loop.execute {
                handler.value.start(opened)
                if opened != nil { streams.record(requestID: requestID, peer: peer, headers: request.headerFields, started: started) }
            }
        }
    }

    /// The stream opened (or not: the request goes on to the router).
    private func start(_ opened: LiveStreams.Opening?) {
        guard let waiting = opening, let context, let wire, context.channel.isActive else {
            if let subscription = opened?.subscription { streams.hub.unsubscribe(subscription) }
            return
        }
        opening = nil
        guard let opened else {
            passOn(waiting, context: context)
            return
        }
        guard !opened.ended, let subscription = opened.subscription else {
            finished = true
            let channel = context.channel
            wire.writeAndFlush(NIOAny(opened.bytes)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        stream = Stream(subscription: subscription, written: opened.written)
        wire.writeAndFlush(NIOAny(opened.bytes), promise: nil)
        for event in waiting.events { receive(event) }
    }

    /// The request was not a stream after all: it goes on to the router, behind a new
    /// connection handler in place of the one taken out.
    private func passOn(_ waiting: Opening, context: ChannelHandlerContext) {
        let state = HTTPConnectionStateHandler(idleTimeout: idleTimeout.map { Duration($0) }, logger: logger)
        do {
            try context.pipeline.syncOperations.addHandler(state, position: .after(self))
        } catch {
            context.close(promise: nil)
            return
        }
        passedOn += 1
        context.fireChannelRead(wrapInboundOut(.head(waiting.request)))
        if waiting.endRead { context.fireChannelRead(wrapInboundOut(.end(nil))) }
        for part in waiting.parts { channelRead(context: context, data: wrapInboundOut(part)) }
        // Hummingbird takes what was read when a read completes.
        context.fireChannelReadComplete()
    }

    /// One change from the hub, on this connection's loop.
    private func receive(_ event: LiveHub.Event) {
        if opening != nil {
            opening?.events.append(event)
            if let count = opening?.events.count, count > Self.openingBuffer { context?.close(promise: nil) }
            return
        }
        guard var stream, let context, let wire else { return }
        // Behind by a whole write buffer: a reader that does not read is let go.
        guard context.channel.isWritable else {
            context.close(promise: nil)
            return
        }
        switch event {
        case .heartbeat:
            wire.writeAndFlush(NIOAny(LiveStreams.heartbeat), promise: nil)
        case .entry(let entry):
            guard entry.sequence > stream.written else { return }
            stream.written = entry.sequence
            self.stream = stream
            wire.writeAndFlush(NIOAny(streams.texts.chunk(of: entry, in: stream.subscription.article)), promise: nil)
        case .ended:
            var bytes = LiveStreams.chunk(LiveStreams.text(event, sequence: stream.written + 1))
            bytes.writeImmutableBuffer(LiveStreams.lastChunk)
            leave()
            let channel = context.channel
            wire.writeAndFlush(NIOAny(bytes)).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// The connection is gone: its stream leaves the hub.
    private func leave() {
        if let stream { streams.hub.unsubscribe(stream.subscription) }
        stream = nil
        finished = true
    }
}
