import BylineAccounts
import BylineCache
import BylineCore
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing
@testable import BylineNewsroom
@testable import BylineWeb

/// Who is asking, behind a proxy: the reader a trusted proxy names, never an address a
/// reader claims for themselves.
@Suite("Client addresses behind proxies")
struct ClientAddressTests {
    func client(peer: String, xForwardedFor: [String] = [], forwarded: [String] = [], proxies: TrustedProxies = .loopback) -> String {
        var headers = HTTPFields()
        for value in xForwardedFor { headers.append(HTTPField(name: .xForwardedFor, value: value)) }
        for value in forwarded { headers.append(HTTPField(name: .forwarded, value: value)) }
        return proxies.client(peer: peer, headers: headers)
    }

    @Test("a trusted proxy's X-Forwarded-For is read from the right; anyone else's is ignored")
    func forwardedFor() {
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        #expect(client(peer: "203.0.113.9", xForwardedFor: ["198.51.100.1"]) == "203.0.113.9", "an untrusted peer's claim")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["6.6.6.6, 198.51.100.1"]) == "198.51.100.1", "what the reader sent stays left")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["6.6.6.6", "198.51.100.1, 127.0.0.2"]) == "198.51.100.1", "lines in order; proxies skipped")
        #expect(client(peer: "::1", xForwardedFor: ["2001:db8::7"]) == "2001:db8::7")
        #expect(client(peer: "::ffff:127.0.0.1", xForwardedFor: ["198.51.100.1"]) == "198.51.100.1", "an IPv4 peer on a dual-stack socket")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["[2001:db8::1]:443"]) == "2001:db8::1")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["198.51.100.1:8080"]) == "198.51.100.1")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["127.0.0.3, 127.0.0.2"]) == "127.0.0.3", "all proxies: the farthest")
        #expect(client(peer: "127.0.0.1") == "127.0.0.1")
        #expect(client(peer: "unknown", xForwardedFor: ["198.51.100.1"]) == "unknown")
    }

    @Test("RFC 7239 Forwarded is read when X-Forwarded-For is absent")
    func forwarded() {
        #expect(client(peer: "127.0.0.1", forwarded: ["for=192.0.2.60;proto=http;by=203.0.113.43"]) == "192.0.2.60")
        #expect(client(peer: "127.0.0.1", forwarded: ["For=\"[2001:db8:cafe::17]:4711\""]) == "2001:db8:cafe::17")
        #expect(client(peer: "127.0.0.1", forwarded: ["for=_hidden, for=198.51.100.17"]) == "198.51.100.17")
        #expect(client(peer: "127.0.0.1", forwarded: ["for=192.0.2.43", "for=198.51.100.17;by=127.0.0.1"]) == "198.51.100.17")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["198.51.100.1"], forwarded: ["for=192.0.2.60"]) == "198.51.100.1")
    }

    @Test("forwarding headers that name nobody fall back to the peer", arguments: [
        "garbage", "", ",,,", "198.51.100.300", "example.com", "[2001:db8::1", "[2001:db8::1]:port", "2001:db8::1]:80",
        "198.51.100.1:99999", "fe80::1%eth0", "\u{0}", "1.2.3.4 5.6.7.8", String(repeating: "198.51.100.1, ", count: 100) + "198.51.100.2",
    ])
    func malformedForwardedFor(_ value: String) {
        #expect(client(peer: "127.0.0.1", xForwardedFor: [value]) == "127.0.0.1", "\(value.prefix(40))")
    }

    @Test("obfuscated, unknown and malformed Forwarded nodes fall back to the peer", arguments: [
        "for=198.51.100.17, for=_hidden", "for=unknown", "proto=https", "for=\"[2001:db8::1\"", "for", "for=",
        "for=\"_gazonk\"", "by=203.0.113.43;for", "for=\"[2001:db8:cafe::17]:4711\":80",
        String(repeating: "for=198.51.100.1, ", count: 100) + "for=198.51.100.2",
    ])
    func malformedForwarded(_ value: String) {
        #expect(client(peer: "127.0.0.1", forwarded: [value]) == "127.0.0.1", "\(value.prefix(40))")
    }

    @Test("trusted proxies are addresses and CIDR ranges; anything else is refused")
    func ranges() throws {
        let proxies = try #require(TrustedProxies(list: "10.0.0.0/8, 192.0.2.1 2001:db8::/32,::ffff:172.16.0.0/108"))
        #expect(proxies.description == "10.0.0.0/8,192.0.2.1/32,2001:db8::/32,172.16.0.0/12")
        for trusted in ["10.200.3.4", "192.0.2.1", "2001:db8:ffff::1", "172.31.255.255", "::ffff:10.0.0.1"] {
            #expect(proxies.trusts(try #require(IPAddress(trusted))), "\(trusted)")
        }
        for untrusted in ["11.0.0.1", "192.0.2.2", "2001:db9::1", "172.32.0.0", "127.0.0.1"] {
            #expect(!proxies.trusts(try #require(IPAddress(untrusted))), "\(untrusted)")
        }
        for bad in ["10.0.0.0/33", "10.0.0.0/", "example.com", "10.0.0.1/x", "2001:db8::/129", "::ffff:10.0.0.0/95"] {
            #expect(TrustedProxies(list: bad) == nil, "\(bad)")
        }
        #expect(client(peer: "10.1.1.1", xForwardedFor: ["198.51.100.4"], proxies: proxies) == "198.51.100.4")
        #expect(client(peer: "127.0.0.1", xForwardedFor: ["198.51.100.4"], proxies: proxies) == "127.0.0.1")
    }

    /// A site with rate limits on and one editor, served on a real socket from 127.0.0.1.
    func site(proxies: TrustedProxies = .loopback, lines: OperationsHeadersTests.Lines = .init()) async throws -> (WebFixture, BylineSite) {
        let fixture = try await WebFixture(fillerArticles: 0)
        _ = try await fixture.accounts.addUser(
            NewUser(email: "editor@byline.test", name: "박편집", role: .editor, passwordHash: Credentials.hashPassword(SignInTests.password)),
            at: WebFixture.now)
        var configuration = WebConfiguration(host: "127.0.0.1", port: 0, mediaDirectory: fixture.directory.appendingPathComponent("media"))
        configuration.trustedProxies = proxies
        let site = try await BylineSite(
            configuration: configuration, store: fixture.store, newsroom: fixture.accounts, clock: .fixed(WebFixture.now),
            logger: Logger(label: "test") { _ in OperationsHeadersTests.Recorder(lines: lines) }, requestLog: lines.requestLog)
        return (fixture, site)
    }

    @Test("behind the proxy, seven failed sign-ins from one reader leave every other reader able to sign in")
    func signInBehindProxy() async throws {
        let lines = OperationsHeadersTests.Lines()
        let (_, site) = try await site(lines: lines)
        try await site.application().test(.live) { client in
            var statuses: [HTTPResponse.Status] = []
            for number in 0..<7 {
                let response = try await client.postSignIn(
                    email: "guess\(number)@byline.test", password: "맞혀-보세요-\(number)", forwardedFor: "198.51.100.7")
                statuses.append(response.status)
            }
            #expect(statuses == Array(repeating: .unauthorized, count: 5) + [.tooManyRequests, .tooManyRequests])
            _ = try await client.signIn(email: "editor@byline.test", password: SignInTests.password, forwardedFor: "198.51.100.8")
            let guesser = try await client.postSignIn(email: "editor@byline.test", password: SignInTests.password, forwardedFor: "198.51.100.7")
            #expect(guesser.status == .tooManyRequests, "the guessing address waits")

            // Guesses at one account lock that account only from where they came.
            for _ in 0..<5 {
                let response = try await client.postSignIn(email: "editor@byline.test", password: "틀린-비밀번호-예요", forwardedFor: "198.51.100.9")
                #expect(response.status == .unauthorized)
            }
            let locked = try await client.postSignIn(email: "editor@byline.test", password: SignInTests.password, forwardedFor: "198.51.100.9")
            #expect(locked.status == .tooManyRequests)
            _ = try await client.signIn(email: "editor@byline.test", password: SignInTests.password, forwardedFor: "2001:db8::10")
        }
        let throttled = lines.all.filter { $0.hasPrefix("sign-in throttled") }
        #expect(throttled.contains { $0.contains("client=198.51.100.7") })
        #expect(throttled.contains { $0.contains("client=198.51.100.9") && $0.contains("scope=account-address") })
        #expect(!lines.all.contains { $0.contains("맞혀-보세요") || $0.contains("틀린-비밀번호") }, "passwords are never logged")
        #expect(lines.all.contains { $0.hasPrefix("request ") && $0.contains("client=198.51.100.8") }, "the request log names the reader")
    }

    @Test("a forwarded header from a peer that is not a trusted proxy changes nothing")
    func spoofedHeader() async throws {
        let (_, site) = try await site(proxies: try #require(TrustedProxies(list: "192.0.2.1")))
        try await site.application().test(.live) { client in
            for number in 0..<5 {
                let response = try await client.postSignIn(
                    email: "editor@byline.test", password: "아니에요-아니에요", forwardedFor: "198.51.100.\(number)")
                #expect(response.status == .unauthorized)
            }
            let response = try await client.postSignIn(email: "editor@byline.test", password: SignInTests.password, forwardedFor: "198.51.100.99")
            #expect(response.status == .tooManyRequests, "every attempt counted under the real peer, whatever it claimed")
        }
    }

    @Test("searches from twenty readers behind the proxy are limited per reader, not together")
    func searchLimitPerReader() async throws {
        let (_, site) = try await site()
        try await site.application().test(.live) { client in
            for reader in 0..<20 {
                for number in 0..<15 {
                    let response = try await client.execute(
                        uri: "/search?q=\(percentEncode("수영장"))&n=\(number)", method: .get,
                        headers: [.xForwardedFor: "198.51.100.\(reader)"])
                    #expect(response.status == .ok, "reader \(reader), search \(number)")
                }
            }
            // Up to 200 quick searches: the bucket refills at five a second, so they are searches
            // of symbols only, which the page answers without reading the index.
            var limited = false
            for number in 0..<200 where !limited {
                let response = try await client.execute(
                    uri: "/search?q=%25%25&m=\(number)", method: .get, headers: [.xForwardedFor: "198.51.100.0"])
                limited = response.status == .tooManyRequests
            }
            #expect(limited, "one reader searching too fast is still limited")
        }
    }

    @Test("malformed forwarding headers never break a page", arguments: [
        (HTTPField.Name.xForwardedFor, "garbage, ,,, [::1"), (.xForwardedFor, String(repeating: "203.0.113.1,", count: 100)),
        (.forwarded, "for=\"[2001:db8::1]:4711\";proto=https, for=_hidden"), (.forwarded, "for=\"unterminated"),
        (.xForwardedFor, "[2001:db8::1]:443, 198.51.100.1:80"), (.forwarded, "=;=;=,for=\u{7F}"),
    ])
    func malformedHeaders(_ name: HTTPField.Name, _ value: String) async throws {
        let (_, site) = try await site()
        try await site.application().test(.live) { client in
            for uri in ["/latest", "/admin/login", "/search?q=\(percentEncode("서울"))"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [name: value])
                #expect(response.status == .ok, "\(uri)")
            }
        }
    }

    @Test("a reader's reloads count once in the most-read rankings; another reader's view counts")
    func viewDeduplication() async throws {
        let fixture = try await WebFixture(fillerArticles: 0)
        let clock = ClockSource()
        let views = ViewRecorder(store: fixture.store, shared: nil, clock: NewsClock { clock.now }, logger: Logger(label: "test"))
        for _ in 0..<3 { views.record(fixture.leadID, client: "198.51.100.1") }
        views.record(fixture.leadID, client: "198.51.100.2")
        views.record(fixture.secondID, client: "198.51.100.1")
        views.record(fixture.leadID)  // no address known: counted
        clock.advance(RecentViewers.window * 2)
        views.record(fixture.leadID, client: "198.51.100.1")  // an hour on, a new visit
        let counts = views.backlog.database.byHour.values.reduce(into: [ArticleID: Int]()) { total, hour in
            for (id, count) in hour { total[id, default: 0] += count }
        }
        #expect(counts == [fixture.leadID: 4, fixture.secondID: 1])
    }
}
