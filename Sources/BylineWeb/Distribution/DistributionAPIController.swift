import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// Products and subscribers through the Admin API, for admins only: create, list, change,
/// and delete a product; create, list, change, rotate the key of and revoke a subscriber.
/// A subscriber's `api_key` and `secret` are answered once, when made or rotated: only the
/// key's hash is kept.
struct DistributionAPIController: Sendable {
    let site: SiteContext
    let backend: any NewsroomBackend
    let admin: AdminAPIController

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.get("/api/v1/admin/products", use: products)
        routes.post("/api/v1/admin/products", use: createProduct)
        routes.get("/api/v1/admin/products/:product", use: product)
        routes.patch("/api/v1/admin/products/:product", use: changeProduct)
        routes.delete("/api/v1/admin/products/:product", use: deleteProduct)
        routes.get("/api/v1/admin/subscribers", use: subscribers)
        routes.post("/api/v1/admin/subscribers", use: createSubscriber)
        routes.get("/api/v1/admin/subscribers/:subscriber", use: subscriber)
        routes.patch("/api/v1/admin/subscribers/:subscriber", use: changeSubscriber)
        routes.delete("/api/v1/admin/subscribers/:subscriber", use: revokeSubscriber)
        routes.post("/api/v1/admin/subscribers/:subscriber/rotate", use: rotateKey)
        return routes
    }

    /// The token's user, who must be an admin.
    func authorize(_ request: Request) async throws {
        let user = try await admin.user(request)
        guard user.role.canManageNewsroom else { throw BylineError.forbidden("구독사와 상품은 관리자만 다룰 수 있습니다.") }
    }

    // MARK: Products

    @Sendable func products(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let tree = await site.sections.current()
        struct Products: Encodable { let products: [ProductBody] }
        return try AdminAPIController.json(Products(products: try await backend.products().map { ProductBody($0, tree: tree) }), status: .ok)
    }

    @Sendable func product(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        return try AdminAPIController.json(ProductBody(try await stored(try productID(context)), tree: await site.sections.current()), status: .ok)
    }

    @Sendable func createProduct(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let body = try await AdminAPIController.body(ProductRequest.self, of: request)
        guard body.name != nil else { throw BylineError.invalidFields([FieldProblem(field: "name", message: "상품 이름을 써 주세요.")]) }
        let tree = await site.sections.current()
        let draft = try body.product(over: Product(id: ProductID(rawValue: 0), name: "", filter: ProductFilter()), tree: tree)
        let product = try await backend.addProduct(name: draft.name, filter: draft.filter)
        var response = try AdminAPIController.json(ProductBody(product, tree: tree), status: .created)
        response.headers[.location] = "/api/v1/admin/products/\(product.id)"
        return response
    }

    @Sendable func changeProduct(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let stored = try await stored(try productID(context))
        let body = try await AdminAPIController.body(ProductRequest.self, of: request)
        let tree = await site.sections.current()
        let product = try body.product(over: stored, tree: tree)
        try await backend.updateProduct(product)
        return try AdminAPIController.json(ProductBody(product, tree: tree), status: .ok)
    }

    @Sendable func deleteProduct(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        try await backend.deleteProduct(try productID(context))
        return Response(status: .noContent)
    }

    private func productID(_ context: BylineRequestContext) throws -> ProductID {
        guard let id = context.parameters.get("product").flatMap(ProductID.init) else { throw BylineError.notFound }
        return id
    }

    private func stored(_ id: ProductID) async throws -> Product {
        guard let product = try await backend.products().first(where: { $0.id == id }) else { throw BylineError.notFound }
        return product
    }

    // MARK: Subscribers

    @Sendable func subscribers(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        struct Subscribers: Encodable { let subscribers: [SubscriberBody] }
        return try AdminAPIController.json(Subscribers(subscribers: try await backend.subscribers().map { SubscriberBody($0) }), status: .ok)
    }

    @Sendable func subscriber(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        return try AdminAPIController.json(SubscriberBody(try await stored(try subscriberID(context))), status: .ok)
    }

    @Sendable func createSubscriber(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let body = try await AdminAPIController.body(SubscriberRequest.self, of: request)
        var missing: [FieldProblem] = []
        if body.name == nil { missing.append(FieldProblem(field: "name", message: "구독사 이름을 써 주세요.")) }
        if body.products == nil { missing.append(FieldProblem(field: "products", message: "받을 상품을 하나 이상 골라 주세요.")) }
        guard missing.isEmpty else { throw BylineError.invalidFields(missing) }
        let terms = try body.terms(over: SubscriberTerms(name: "", products: [], format: .ninjs))
        let (key, secret) = (Credentials.newToken(), Credentials.newToken())
        let subscriber = try await backend.addSubscriber(terms, keyHash: Credentials.tokenHash(key), secret: secret, at: site.clock.now)
        var response = try AdminAPIController.json(SubscriberBody(subscriber, apiKey: key, secret: secret), status: .created)
        response.headers[.location] = "/api/v1/admin/subscribers/\(subscriber.id)"
        return response
    }

    @Sendable func changeSubscriber(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let id = try subscriberID(context)
        let stored = try await stored(id)
        let body = try await AdminAPIController.body(SubscriberRequest.self, of: request)
        let current = SubscriberTerms(
            name: stored.name, contact: stored.contact, products: stored.products, format: stored.format,
            webhookURL: stored.webhookURL, seesEmbargoed: stored.seesEmbargoed)
        let changed = try await backend.updateSubscriber(id, try body.terms(over: current))
        return try AdminAPIController.json(SubscriberBody(changed), status: .ok)
    }

    @Sendable func revokeSubscriber(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        try await backend.revokeSubscriber(try subscriberID(context), at: site.clock.now)
        return Response(status: .noContent)
    }

    @Sendable func rotateKey(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await authorize(request)
        let id = try subscriberID(context)
        let (key, secret) = (Credentials.newToken(), Credentials.newToken())
        try await backend.rotateSubscriberKey(id, keyHash: Credentials.tokenHash(key), secret: secret)
        return try AdminAPIController.json(SubscriberBody(try await stored(id), apiKey: key, secret: secret), status: .ok)
    }

    private func subscriberID(_ context: BylineRequestContext) throws -> SubscriberID {
        guard let id = context.parameters.get("subscriber").flatMap(SubscriberID.init) else { throw BylineError.notFound }
        return id
    }

    private func stored(_ id: SubscriberID) async throws -> Subscriber {
        guard let subscriber = try await backend.subscriber(id) else { throw BylineError.notFound }
        return subscriber
    }
}
