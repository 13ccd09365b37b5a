import BylineCore
import BylineWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// The reader site, built by `buildApplication` exactly as `byline serve` builds it, answering
/// in-process through HummingbirdTesting's router mode: what is measured is routing, the
/// middleware, storage reads, view models and templates, without sockets or HTTP parsing.
///
/// The site stays up across iterations, with its background services running, as a server would.
public final class ReaderSite: Sendable {
    /// What a browser sends: the cached path serves its gzipped copy to such a reader.
    public static let browserHeaders: HTTPFields = [.acceptEncoding: "gzip, deflate, br", .accept: "text/html"]

    private let client: any TestClientProtocol
    private let stopping: AsyncStream<Void>.Continuation
    private let running: Task<Void, any Error>

    public init(corpus: DemoCorpus, cacheEnabled: Bool) async throws {
        let configuration = WebConfiguration(
            host: "127.0.0.1", port: 8080, mediaDirectory: FileManager.default.temporaryDirectory,
            cacheEnabled: cacheEnabled, rateLimits: false)
        // Warnings only, as scripts/bench runs the server: no log line per request.
        var logger = Logger(label: "byline")
        logger.logLevel = .warning
        let app = try await buildApplication(
            configuration: configuration, store: corpus.store, clock: .fixed(DemoCorpus.now), logger: logger)
        // `test` lends its client only inside its closure: hand it out, and hold the closure
        // open until `stop()`.
        let (clients, handOver) = AsyncStream.makeStream(of: (any TestClientProtocol).self)
        let (stopped, stopping) = AsyncStream.makeStream(of: Void.self)
        let running = Task {
            defer { handOver.finish() }
            try await app.test(.router) { client in
                handOver.yield(client)
                for await _ in stopped {}
            }
        }
        guard let client = await clients.first(where: { _ in true }) else {
            try await running.value
            throw FixtureError("the reader site stopped before it answered")
        }
        self.client = client
        self.stopping = stopping
        self.running = running
    }

    /// A GET as a browser sends it; anything but 200 stops the benchmark.
    @discardableResult
    public func get(_ path: String) async throws -> TestResponse {
        let response = try await client.executeRequest(uri: path, method: .get, headers: Self.browserHeaders, body: nil)
        guard response.status == .ok else { throw FixtureError("GET \(path) answered \(response.status.code)") }
        return response
    }

    /// The keys a page names in `Surrogate-Key`: what the page cache and Redis file it under.
    public static func surrogateKeys(of response: TestResponse) -> [String] {
        let header = response.headers.first { $0.name.canonicalName == "surrogate-key" }?.value ?? ""
        return header.split(separator: " ").map(String.init)
    }

    /// Shuts the site's services down, as SIGTERM would.
    public func stop() async {
        stopping.finish()
        _ = await running.result
    }
}
