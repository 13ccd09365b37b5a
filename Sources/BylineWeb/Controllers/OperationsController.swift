import BylineCache
import BylineCore
import Foundation
import Hummingbird

/// Endpoints for operators and load balancers.
struct OperationsController {
    let store: any NewsStore
    /// Optional dependencies (Redis) reported by `/readyz`; their failure does not make the node unready.
    let probes: [any DependencyProbe]
    /// The Prometheus text for `/metrics`, sampled when asked.
    let metrics: @Sendable () -> String

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/healthz", use: healthz)
        routes.get("/readyz", use: readyz)
        routes.get("/metrics", use: prometheus)
        return routes
    }

    /// Prometheus text format: requests, latency, cache outcomes, the Redis breaker, backlogs.
    @Sendable func prometheus(_ request: Request, context: BylineRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics())))
    }

    /// Alive: the process is up and serving requests.
    @Sendable func healthz(_ request: Request, context: BylineRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    /// Ready: each dependency's state and latency; 503 when the database cannot answer,
    /// since only the database is needed to serve (Redis is an accelerator).
    @Sendable func readyz(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let databaseUp = (try? await store.sections()) != nil
        let elapsed = clock.now - start
        let database = DependencyStatus(
            state: databaseUp ? "up" : "down", healthy: databaseUp,
            latencyMilliseconds: elapsed.milliseconds)
        var dependencies = ["database": database]
        for probe in probes { dependencies[probe.name] = await probe.check() }

        struct Readiness: Encodable {
            let ready: Bool
            let dependencies: [String: DependencyStatus]
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = try encoder.encode(Readiness(ready: databaseUp, dependencies: dependencies))
        return Response(
            status: databaseUp ? .ok : .serviceUnavailable, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
