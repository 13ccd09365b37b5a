import BylineCache
import BylineCore
import BylineNewsroom
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// What answering a cache hit takes, shared by every connection: the same answer, headers,
/// log line, metrics and read count as the full stack gives it.
struct CacheHits: Sendable {
    let cache: PageCache
    let proxies: TrustedProxies
    let metrics: SiteMetrics
    let log: AccessLog?
    let views: ViewRecorder
    /// The site's own host, so that links between its pages are told from other referrers.
    let ownHost: String?
    /// `SecurityHeaders`' fields, `Server` and nothing else that varies.
    let fixedFields: [HTTPField]
    /// The `Date` header's value.
    let date = EverySecond { KoreanTime.httpDate(Date(timeIntervalSince1970: Double($0))) }
    /// What ends an answer from a prepared head: `fixedFields`, `Date` and the blank line.
    let headEnd: EverySecond<ByteBuffer>
    static let allocator = ByteBufferAllocator()

    init(
        cache: PageCache, proxies: TrustedProxies, metrics: SiteMetrics, log: AccessLog?, views: ViewRecorder, publicURL: String,
        fixedFields: [HTTPField]
    ) {
        (self.cache, self.proxies, self.metrics, self.log, self.views) = (cache, proxies, metrics, log, views)
        ownHost = ReferrerKind.host(of: publicURL)
        self.fixedFields = fixedFields
        var fixedBytes = ByteBuffer()
        CacheHitHandler.write(fixedFields, to: &fixedBytes)
        headEnd = EverySecond { [fixedBytes] second in
            var bytes = fixedBytes
            CacheHitHandler.write(field: HTTPField.Name.date.rawName, value: KoreanTime.httpDate(Date(timeIntervalSince1970: Double(second))), to: &bytes)
            bytes.writeStaticString("\r\n")
            return bytes
        }
    }

    /// An answer's head: serialised, or as fields for a pipeline without the wire encoder.
    enum Head {
        case bytes(ByteBuffer)
        case fields(HTTPResponse)
    }

    /// The head of a hit's answer up to its request id, made when the copy is stored
    /// (`PageCache.prepare`), for the plain and the gzipped body: the same fields as
    /// `answer` gives a request without validators, in the same order.
    static func prepare(_ page: CachedPage, policy: CachePolicy) -> PreparedHead? {
        guard page.route != nil else { return nil }
        func head(acceptingGzip: Bool) -> ByteBuffer {
            let request: HTTPFields = acceptingGzip ? [.acceptEncoding: "gzip"] : [:]
            var (status, fields, body) = PageServing.answer(page, policy: policy, outcome: .hit, requestHeaders: request)
            if let body { fields.append(HTTPField(name: .contentLength, value: String(body.readableBytes))) }
            var bytes = ByteBuffer()
            CacheHitHandler.writeStatusLine(status, to: &bytes)
            CacheHitHandler.write(fields, to: &bytes)
            return bytes
        }
        return PreparedHead(plain: head(acceptingGzip: false), gzipped: page.gzippedBuffer == nil ? nil : head(acceptingGzip: true))
    }

    /// The answer to `request` when it is an HTTP/1.1 `GET` of a fresh cached copy, else
    /// `nil`: the request then goes on to Hummingbird, where the router, middleware and page
    /// cache treat it as always (stale copies, misses, HEAD, rate-limited paths, odd headers).
    /// With `serialized`, a request without validators is answered from the copy's prepared
    /// head plus its id and the date.
    func answer(_ request: HTTPRequestHead, peer: String, serialized: Bool) -> (head: Head, body: ByteBuffer?)? {
        let start = ContinuousClock.now
        // An origin-form target is the request's path as `HTTP1ToHTTPServerCodec` gives it;
        // any other form is left to the codec.
        guard request.method == .GET, request.version == .http1_1, request.uri.utf8.first == UInt8(ascii: "/") else { return nil }
        let key = request.uri
        let headers = RequestHeaders(request.headers)
        let path = key.utf8.firstIndex(of: UInt8(ascii: "?")).map { key[..<$0] } ?? key[...]
        guard headers.count <= RequestGuard.maxHeaderFields, !headers.closes, headers.bytes <= RequestGuard.maxHeaderBytes,
              !RateLimiting.limits(.get, path),
              let (page, policy, prepared) = cache.freshPage(for: key),
              // A copy another node rendered (from Redis) carries no route and no article to
              // count: the stack answers it, and counts its reads.
              let route = page.route
        else { return nil }

        let id = headers.requestID.flatMap(RequestLogging.sane) ?? RequestLogging.newID()
        let second = Int(Date().timeIntervalSince1970)
        let head: Head
        let status: HTTPResponse.Status
        let body: ByteBuffer?
        if serialized, let prepared, !headers.validates {
            let gzipped = page.gzippedBuffer.flatMap { PageServing.acceptsGzip(headers.acceptEncoding) ? $0 : nil }
            let prefix = gzipped == nil ? prepared.plain : prepared.gzipped ?? prepared.plain
            let end = headEnd.value(at: second)
            var bytes = Self.allocator.buffer(capacity: prefix.readableBytes + end.readableBytes + 96)
            bytes.writeImmutableBuffer(prefix)
            CacheHitHandler.write(field: HTTPField.Name.requestID.rawName, value: id, to: &bytes)
            bytes.writeImmutableBuffer(end)
            (head, status, body) = (.bytes(bytes), .ok, gzipped ?? page.bodyBuffer)
        } else {
            var fields: HTTPFields
            (status, fields, body) = PageServing.answer(
                page, policy: policy, outcome: .hit, requestHeaders: HTTPFields(request.headers, splitCookie: true))
            // A 304 has no body, and says nothing of the length of the one it stands for.
            if let body { fields.append(HTTPField(name: .contentLength, value: String(body.readableBytes))) }
            fields.append(HTTPField(name: .requestID, value: id))
            fields.append(contentsOf: fixedFields)
            fields.append(HTTPField(name: .date, value: date.value(at: second)))
            let response = HTTPResponse(status: status, headerFields: fields)
            if serialized {
                var bytes = ByteBuffer()
                CacheHitHandler.write(response, to: &bytes)
                head = .bytes(bytes)
            } else {
                head = .fields(response)
            }
        }

        let client = proxies.client(peer: peer, forwardedFor: headers.forwardedFor, forwarded: headers.forwarded)
        if let article = page.countsReadOf {
            views.record(
                article, client: client == BylineRequestContext.unknownAddress ? nil : client,
                referrer: ReferrerKind(referer: headers.referer, ownHost: ownHost))
        }
        let elapsed = ContinuousClock.now - start
        metrics.request(route: route, method: "GET", status: Int(status.code), duration: elapsed)
        metrics.earlyHit()
        log?.record(id: id, client: client, method: "GET", route: route, status: Int(status.code), duration: elapsed, cache: "hit")
        return (head, body)
    }
}

/// Answers fresh cached pages on the event loop that read the request, before Hummingbird
/// makes it a task and runs middleware and the router: on a hit those were most of the work.
///
/// It sits in each connection's pipeline right after the HTTP/1 decoder, before the codec
/// that converts requests to `HTTPTypes` (`SiteHTTPChannel`). A request it cannot answer
/// whole (`CacheHits.answer`) goes on unchanged, and so does every request behind one still
/// being answered there, so that answers leave in the order their requests came. Because hits
/// never reach Hummingbird's connection handler, the idle timeout is kept here instead.
///
/// An answer is written as bytes below HTTP's response encoder, its head serialised here and
/// its body the cached buffer itself: through the codec and the encoder as parts, the head
/// was converted twice and cost an eighth of a hit. Nothing else is in flight on the
/// connection when a hit is answered, so no other response's framing is disturbed.
final class CacheHitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let hits: CacheHits
    private let idleTimeout: TimeAmount
    /// Requests passed on whose answers have not been written whole yet.
    private var passedOn = 0
    /// The request being read was answered here: its remaining parts are dropped.
    private var answered = false
    private var reading = false
    private var lastActive = NIODeadline.uptimeNanoseconds(0)
    /// The peer's address as text, made once per connection.
    private var peer: String?
    private var idleCheck: Scheduled<Void>?
    /// The response encoder's context, to write below it; `nil` in a pipeline without one
    /// (the tests' embedded channel), where answers go out as parts.
    private var wire: ChannelHandlerContext?

    init(hits: CacheHits, idleTimeout: TimeAmount) {
        self.hits = hits
        self.idleTimeout = idleTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActive = context.eventLoop.now
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let request):
            reading = true
            let peer = self.peer ?? {
                let address = context.channel.remoteAddress?.ipAddress ?? BylineRequestContext.unknownAddress
                self.peer = address
                return address
            }()
            if passedOn == 0, let (head, body) = hits.answer(request, peer: peer, serialized: wire != nil) {
                answered = true
                switch head {
                case .bytes(let bytes):
                    // Asked for only when the encoder's context is at hand.
                    wire?.write(NIOAny(bytes), promise: nil)
                    if let body { wire?.write(NIOAny(body), promise: nil) }
                    wire?.flush()
                case .fields(let head):
                    context.write(wrapOutboundOut(.head(HTTPResponseHead(head))), promise: nil)
                    if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
                return
            }
            answered = false
            passedOn += 1
        case .body:
            if answered { return }
        case .end:
            reading = false
            if answered { return }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            passedOn -= 1
            lastActive = context.eventLoop.now
        }
        context.write(data, promise: promise)
    }

    // The idle timeout, as Hummingbird keeps it: a connection silent this long is closed,
    // unless an answer to a request read whole is still being made.

    func handlerAdded(context: ChannelHandlerContext) {
        wire = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
        if context.channel.isActive { becameActive(context) }
    }

    /// A response head as HTTP/1.1 writes it: what `HTTPResponseEncoder` makes of the same
    /// head (the codec answers every request as HTTP/1.1, and hits always carry a length).
    static func write(_ head: HTTPResponse, to bytes: inout ByteBuffer) {
        writeStatusLine(head.status, to: &bytes)
        write(head.headerFields, to: &bytes)
        bytes.writeStaticString("\r\n")
    }

    static func writeStatusLine(_ status: HTTPResponse.Status, to bytes: inout ByteBuffer) {
        bytes.writeStaticString("HTTP/1.1 ")
        bytes.writeString(String(status.code))
        bytes.writeStaticString(" ")
        bytes.writeString(status.reasonPhrase)
        bytes.writeStaticString("\r\n")
    }

    static func write(_ fields: some Sequence<HTTPField>, to bytes: inout ByteBuffer) {
        for field in fields { write(field: field.name.rawName, value: field.value, to: &bytes) }
    }

    static func write(field name: String, value: String, to bytes: inout ByteBuffer) {
        bytes.writeString(name)
        bytes.writeStaticString(": ")
        bytes.writeString(value)
        bytes.writeStaticString("\r\n")
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive(context)
        context.fireChannelActive()
    }

    private func becameActive(_ context: ChannelHandlerContext) {
        lastActive = context.eventLoop.now
        scheduleIdleCheck(context, at: lastActive + idleTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        wire = nil
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard idleCheck == nil else { return }
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        idleCheck = loop.scheduleTask(deadline: deadline) { [self] in
            idleCheck = nil
            guard context.channel.isActive else { return }
            let now = context.eventLoop.now
            if passedOn > 0, !reading {
                scheduleIdleCheck(context, at: now + idleTimeout)
            } else if now >= lastActive + idleTimeout {
                context.close(promise: nil)
            } else {
                scheduleIdleCheck(context, at: lastActive + idleTimeout)
            }
        }
    }
}
