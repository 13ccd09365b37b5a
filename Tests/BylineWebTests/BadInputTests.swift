import BylineCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Malformed input is the reader's mistake: a 400 or 404 with a Korean page, never a 500,
/// and never anything internal.
@Suite("Bad input")
struct BadInputTests {
    static let unknownURIs = [
        "/news/abc", "/news/-1", "/news/0", "/news/007", "/news/123456789012345678901234567890", "/news/99999",
        "/news/1.5", "/news/%31", "/reporters/abc", "/reporters/999", "/reporters/-3",
        "/section/nowhere", "/section/SOCIETY", "/section/%EC%82%AC%ED%9A%8C", "/section/",
        "/tags/%EC%97%86%EC%9D%8C", "/tags/%2F", "/no/such/page", "/news/", "/static/../Package.swift",
    ]

    static let malformedURIs = [
        "/all?date=2024-13-45", "/all?date=2024-02-30", "/all?date=yesterday", "/all?date=",
        "/latest?cursor=garbage", "/latest?cursor=%00", "/breaking?cursor=dC4xLjEuMQ",
        "/popular?window=2h", "/popular?window=24H", "/tags/%ZZ", "/tags/%E0%A4", "/tags/a%00b",
        "/latest?cursor=%ZZ", "/latest?%FF=1", "/all?date=2024-10-10%00", "/news/1%00",
    ]

    @Test("overlong addresses get 414 and oversized headers 431, in Korean, with nothing internal",
          arguments: ["/very-long-path", "/latest?very-long-query"])
    func tooLong(_ uri: String) async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(uri: Self.expand(uri), method: .get)
            #expect(response.status == .uriTooLong)
            #expect(response.text.contains("주소가 너무 깁니다"))
            var headers = HTTPFields()
            for index in 0..<20 { headers[HTTPField.Name("X-Filler-\(index)")!] = String(repeating: "가", count: 400) }
            let bloated = try await client.execute(uri: "/", method: .get, headers: headers)
            #expect(bloated.status == .requestHeaderFieldsTooLarge)
            for marker in internalMarkers { #expect(!bloated.text.contains(marker)) }
        }
    }

    /// Stand-ins keep test names short; the real URIs are thousands of bytes long.
    static func expand(_ uri: String) -> String {
        switch uri {
        case "/very-long-path": "/" + String(repeating: "a", count: 5000)
        case "/latest?very-long-query": "/latest?q=" + String(repeating: "x", count: 5000)
        default: uri
        }
    }

    @Test("unknown things are 404", arguments: unknownURIs)
    func notFound(_ uri: String) async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.expand(uri), method: .get)
            #expect(response.status == .notFound)
            #expect(response.text.contains("페이지를 찾을 수 없습니다"))
            #expect(response.text.contains("<html lang=\"ko\">"))
            expectNothingInternal(response.text)
        }
    }

    @Test("malformed requests are 400", arguments: malformedURIs)
    func badRequest(_ uri: String) async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: Self.expand(uri), method: .get)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("잘못된 요청입니다"))
            #expect(response.headers[.requestID] != nil)
            expectNothingInternal(response.text)
        }
    }

    @Test("a cursor edited by hand is refused rather than trusted")
    func tamperedCursor() async throws {
        let fixture = try await WebFixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/latest", method: .get).text
            let more = try #require(html.firstMatch(of: /href="\/latest\?cursor=([A-Za-z0-9_-]+)" rel="next"/))
            let token = String(more.1)
            #expect(try await client.execute(uri: "/latest?cursor=\(token)", method: .get).status == .ok)
            var edited = token
            edited.removeLast()
            #expect(try await client.execute(uri: "/latest?cursor=\(edited)", method: .get).status == .badRequest)
            // A cursor of one list kind is not accepted by another.
            #expect(try await client.execute(uri: "/popular?cursor=\(token)", method: .get).status == .badRequest)
        }
    }

    @Test("other methods are refused without a server error")
    func methods() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/news/1", method: .post, body: ByteBuffer(string: "x"))
            #expect((400..<500).contains(response.status.code))
            expectNothingInternal(response.text)
        }
    }

    /// Request lines with bytes no browser sends: raw non-ASCII, broken UTF-8, NUL.
    static let rawRequestLines: [[UInt8]] = [
        bytes("GET /news/", [0xFF], "1 HTTP/1.1\r\n"),
        bytes("GET /tags/", [0xFF, 0xFE], " HTTP/1.1\r\n"),
        bytes("GET /latest?cursor=", [0xC3, 0x28], " HTTP/1.1\r\n"),
        bytes("GET /news/1", [0x00], " HTTP/1.1\r\n"),
    ]

    static func bytes(_ head: String, _ middle: [UInt8], _ tail: String) -> [UInt8] {
        Array(head.utf8) + middle + Array(tail.utf8)
    }

    @Test("raw invalid bytes on the wire are refused with a 4xx", arguments: rawRequestLines)
    func rawBytes(_ requestLine: [UInt8]) async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let app = try await fixture.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let reply = try await RawHTTP.send(requestLine + Array("Host: localhost\r\nConnection: close\r\n\r\n".utf8), port: port)
            let status = reply.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            #expect((400..<500).contains(status), "got: \(reply.prefix(80))")
            expectNothingInternal(reply)
        }
    }
}
