import BylineCore
import BylineNewsroom
import Foundation
import HTTPTypes
import NIOCore

/// Opens readers' streams of live coverage (`/news/{id}/live`, Server-Sent Events) for
/// `LiveStreamHandler`, and writes what they carry.
///
/// Each event's id is the coverage's change number: a browser that reconnects sends the
/// last one (`Last-Event-ID`) and gets what it missed; a garbage or future number starts
/// from the beginning. New changes come from this node's `LiveHub`, never from a database
/// read per reader. The page itself is complete without the stream: a reload shows everything.
struct LiveStreams: Sendable {
    let store: any ReaderStore
    let clock: NewsClock
    let hub: LiveHub
    let proxies: TrustedProxies
    let metrics: SiteMetrics
    let log: AccessLog?
    /// `SecurityHeaders`' fields and `Server`, as bytes.
    let fixedBytes: ByteBuffer
    let texts = LiveEventTexts()

    init(store: any ReaderStore, clock: NewsClock, hub: LiveHub, proxies: TrustedProxies, metrics: SiteMetrics, log: AccessLog?, fixedFields: [HTTPField]) {
        (self.store, self.clock, self.hub, self.proxies, self.metrics, self.log) = (store, clock, hub, proxies, metrics, log)
        var bytes = ByteBuffer()
        CacheHitHandler.write(fixedFields, to: &bytes)
        fixedBytes = bytes
    }

    static let route = "/news/{id}/live"

    /// The change number a reader resumes after: `Last-Event-ID` (a reconnection), else the
    /// page's `after`. `.garbage` when one was sent but is not a number.
    enum Resume: Equatable {
        case none
        case after(Int64)
        case garbage

        init(lastEventID: String?, after: String?) {
            guard let text = lastEventID ?? after else {
                self = .none
                return
            }
            if let number = Int64(text.trimmingCharacters(in: .whitespaces)), number >= 0 { self = .after(number) } else { self = .garbage }
        }

        /// The resume point of a request for `/news/{id}/live[?after=N]`.
        init(_ request: HTTPRequest) {
            let target = request.path ?? ""
            let query = target.firstIndex(of: "?").map { target[target.index(after: $0)...] } ?? ""
            let after = query.split(separator: "&").first { $0.hasPrefix("after=") }.map { String($0.dropFirst("after=".count)) }
            self.init(lastEventID: request.headerFields[.lastEventID], after: after)
        }
    }

    /// The article a request for its stream names, when it is one: `GET /news/{id}/live`.
    static func article(of request: HTTPRequest) -> ArticleID? {
        guard request.method == .get, let target = request.path else { return nil }
        let path = target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
        guard path.hasPrefix("/news/"), path.hasSuffix("/live") else { return nil }
        return ArticleID(String(path.dropFirst("/news/".count).dropLast("/live".count)))
    }

    /// A stream ready to start: its head and what the reader missed, as bytes.
    struct Opening: Sendable {
        var bytes: ByteBuffer
        /// Where the reader stands: the number of the last change it was given.
        let written: Int64
        /// The coverage had ended: the bytes close the response, and the connection follows.
        let ended: Bool
        /// The reader's place in the hub (`nil` once the coverage has ended).
        let subscription: LiveHub.Subscription?
    }

    /// Subscribes `reader` to the article's coverage and makes the stream's first bytes;
    /// `nil` when the article is not public and live here, or the store cannot say (the
    /// request then goes on to the router, which answers as for any page).
    func open(_ id: ArticleID, resume: Resume, requestID: String, reader: @escaping LiveHub.Reader) async -> Opening? {
        // Only a public article's coverage streams; a node already streaming it knows that.
        var known: LiveCoverage?
        if !hub.isStreaming(id) {
            guard (try? await store.article(id, asOf: clock.now)) != nil,
                  let coverage = try? await store.liveCoverage(id, after: .max)
            else { return nil }
            known = coverage
        }
        let requested: Int64? = if case .after(let number) = resume { number } else { nil }
        let subscription = hub.subscribe(id, after: requested, known: known?.sequence, reader: reader)

        // What the reader missed: from this node's memory when it has it, else from the store
        // (a resumed stream only; a future or garbage number replays everything).
        var catchUp: [(sequence: Int64, event: LiveHub.Event)] = []
        var written: Int64 = subscription.latest ?? 0
        var ended = false
        if resume != .none {
            if let missed = subscription.missed, let requested {
                catchUp = missed
                written = max(requested, missed.last?.sequence ?? requested)
            } else {
                guard let coverage = try? await store.liveCoverage(id, after: 0) else {
                    hub.unsubscribe(subscription)
                    return nil
                }
                let from = requested.flatMap { $0 <= coverage.sequence ? $0 : nil } ?? 0
                catchUp = coverage.entries.filter { $0.sequence > from }.sorted { $0.sequence < $1.sequence }.map { ($0.sequence, .entry($0)) }
                if let end = coverage.endedAt { catchUp.append((coverage.sequence, .ended(end))) }
                written = coverage.sequence
            }
        } else if subscription.latest == nil, let known {
            written = known.sequence
            ended = known.endedAt != nil
        }

        var bytes = head(requestID: requestID)
        bytes.writeImmutableBuffer(Self.chunk("retry: 3000\n\n"))
        for (sequence, event) in catchUp {
            bytes.writeImmutableBuffer(Self.chunk(Self.text(event, sequence: sequence)))
            if case .ended = event { ended = true }
        }
        if ended {
            bytes.writeImmutableBuffer(Self.lastChunk)
            hub.unsubscribe(subscription)
        }
        return Opening(bytes: bytes, written: written, ended: ended, subscription: ended ? nil : subscription)
    }

    /// The response's head. The connection carries this stream only, and closes after it.
    private func head(requestID: String) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.writeStaticString("HTTP/1.1 200 OK\r\n")
        bytes.writeStaticString("Content-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n")
        // nginx passes the stream through as it comes (docs/deploy.md).
        bytes.writeStaticString("X-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n")
        CacheHitHandler.write(field: HTTPField.Name.requestID.rawName, value: requestID, to: &bytes)
        bytes.writeImmutableBuffer(fixedBytes)
        CacheHitHandler.write(field: HTTPField.Name.date.rawName, value: KoreanTime.httpDate(clock.now), to: &bytes)
        bytes.writeStaticString("\r\n")
        return bytes
    }

    /// The request's line in the log and the metrics, once its stream starts.
    func record(requestID: String, peer: String, headers: HTTPFields, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        metrics.request(route: Self.route, method: "GET", status: 200, duration: elapsed)
        log?.record(id: requestID, client: proxies.client(peer: peer, headers: headers), method: "GET", route: Self.route,
                    status: 200, duration: elapsed, cache: "-")
    }

    // MARK: The wire format

    /// A comment: it keeps proxies from closing a quiet stream.
    static let heartbeat = chunk(": \n\n")
    /// The end of the chunked response.
    static let lastChunk = ByteBuffer(string: "0\r\n\r\n")

    /// Text as one chunk of a chunked response.
    static func chunk(_ text: String) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.writeString(String(text.utf8.count, radix: 16))
        bytes.writeStaticString("\r\n")
        bytes.writeString(text)
        bytes.writeStaticString("\r\n")
        return bytes
    }

    /// One event in the text/event-stream format.
    static func text(_ event: LiveHub.Event, sequence: Int64) -> String {
        switch event {
        case .entry(let entry):
            let html = LiveEntryHTML.item(entry)
            return "id: \(sequence)\nevent: entry\ndata: \(json(["id": .int(entry.id), "pinned": .bool(entry.isPinned), "html": .text(html)]))\n\n"
        case .ended(let at):
            return "id: \(sequence)\nevent: end\ndata: \(json(["at": .text(KoreanTime.iso8601(at)), "stamp": .text(KoreanTime.listStamp(at))]))\n\n"
        case .heartbeat:
            return ": \n\n"
        }
    }

    enum Field { case int(Int64), bool(Bool), text(String) }

    /// A one-line JSON object (a `data:` line cannot hold a newline).
    static func json(_ fields: KeyValuePairs<String, Field>) -> String {
        "{" + fields.map { key, value in
            let rendered = switch value {
            case .int(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            case .text(let text): ScriptSafeJSON.string(text).text
            }
            return "\"\(key)\":\(rendered)"
        }.joined(separator: ",") + "}"
    }
}

extension HTTPField.Name {
    static let lastEventID: HTTPField.Name = named("Last-Event-ID")
}
