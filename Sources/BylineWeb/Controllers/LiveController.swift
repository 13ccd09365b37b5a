import BylineCore
import BylineNewsroom
import Foundation
import HTTPTypes
import Hummingbird

/// `/news/{id}/live`: a live article's changes as Server-Sent Events.
///
/// Each event's id is the coverage's change number: a browser that reconnects sends the
/// last one (`Last-Event-ID`) and gets what it missed; a garbage or future number starts
/// from the beginning. New changes come from this node's `LiveHub`, never from a database
/// read per reader. The page itself is complete without this stream: a reload shows everything.
struct LiveController {
    let site: SiteContext
    let hub: LiveHub

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/news/:id/live", use: stream)
        routes.refuseWrites("/news/:id/live")
        return routes
    }

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
    }

    @Sendable func stream(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let id = try context.articleID()
        let resume = Resume(lastEventID: request.headers[.lastEventID], after: context.query["after"])
        // Only a public article's coverage streams; a node already streaming it knows that.
        var known: LiveCoverage?
        if !hub.isStreaming(id) {
            guard try await site.store.article(id, asOf: site.clock.now) != nil,
                  let coverage = try await site.store.liveCoverage(id, after: .max)
            else { throw BylineError.notFound }
            known = coverage
        }
        let requested: Int64? = if case .after(let number) = resume { number } else { nil }
        let (events, missed, latest) = hub.subscribe(id, after: requested)

        // What the reader missed: from this node's memory when it has it, else from the store
        // (a resumed stream only; a future or garbage number replays everything).
        var catchUp: [(sequence: Int64, event: LiveHub.Event)] = []
        var written: Int64 = latest ?? 0
        var ended = false
        if resume != .none {
            if let missed, let requested {
                catchUp = missed
                written = max(requested, missed.last?.sequence ?? requested)
            } else if let coverage = try await site.store.liveCoverage(id, after: 0) {
                let from = requested.flatMap { $0 <= coverage.sequence ? $0 : nil } ?? 0
                catchUp = coverage.entries.filter { $0.sequence > from }.sorted { $0.sequence < $1.sequence }.map { ($0.sequence, .entry($0)) }
                if let end = coverage.endedAt { catchUp.append((coverage.sequence, .ended(end))) }
                written = coverage.sequence
            }
        } else if latest == nil, let known {
            written = known.sequence
            ended = known.endedAt != nil
        }

        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // nginx passes the stream through as it comes (docs/deploy.md).
        headers[.xAccelBuffering] = "no"
        let body = ResponseBody { [catchUp, written, ended] writer in
            var written = written
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            var finished = ended
            for (sequence, event) in catchUp {
                try await writer.write(ByteBuffer(string: Self.text(event, sequence: sequence)))
                if case .ended = event { finished = true }
            }
            if !finished {
                for await event in events {
                    switch event {
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": \n\n"))
                    case .entry(let entry):
                        guard entry.sequence > written else { continue }
                        written = entry.sequence
                        try await writer.write(ByteBuffer(string: Self.text(event, sequence: entry.sequence)))
                    case .ended:
                        try await writer.write(ByteBuffer(string: Self.text(event, sequence: written + 1)))
                    }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
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
    static let xAccelBuffering: HTTPField.Name = named("X-Accel-Buffering")
}
