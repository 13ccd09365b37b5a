import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// The newsroom's page for distribution (admins only): products, subscribers with their
/// delivery queues, and resending. The same rules as the Admin API: the bodies are read by
/// `ProductRequest` and `SubscriberRequest`, so a form and an API call fail alike.
struct SubscribersController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let backend: any NewsroomBackend

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin/subscribers", use: page)
        routes.post("/admin/products", use: createProduct)
        routes.post("/admin/products/:product/delete", use: deleteProduct)
        routes.post("/admin/subscribers", use: createSubscriber)
        routes.post("/admin/subscribers/:subscriber/rotate", use: rotate)
        routes.post("/admin/subscribers/:subscriber/revoke", use: revoke)
        routes.get("/admin/subscribers/:subscriber", use: queue)
        routes.post("/admin/subscribers/:subscriber/resend", use: resend)
        return routes
    }

    private func admin(_ context: BylineRequestContext) throws -> SignIn.Signed {
        let signed = try context.signedIn()
        guard signed.user.role.canManageNewsroom else { throw BylineError.forbidden("구독사와 상품은 관리자만 다룰 수 있습니다.") }
        return signed
    }

    private func adminForm(_ context: BylineRequestContext) throws -> (SignIn.Signed, FormBody) {
        let (signed, form) = try context.signedForm()
        guard signed.user.role.canManageNewsroom else { throw BylineError.forbidden("구독사와 상품은 관리자만 다룰 수 있습니다.") }
        return (signed, form)
    }

    // MARK: The page

    @Sendable func page(_ request: Request, context: BylineRequestContext) async throws -> Response {
        try await render(try admin(context), notice: context.query["done"] != nil ? "저장했습니다." : nil)
    }

    func render(
        _ signed: SignIn.Signed, problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok, notice: String? = nil,
        credentials: SubscribersPage.Credentials? = nil
    ) async throws -> Response {
        let tree = await site.sections.current()
        let products = try await backend.products()
        let counts = try await backend.deliveryCounts()
        let names = Dictionary(uniqueKeysWithValues: products.map { ($0.id, $0.name) })
        let view = SubscribersPage(
            layout: site.adminLayout(title: "구독사와 상품", path: "/admin/subscribers"), user: UserBar(signed),
            notice: notice, errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }),
            credentials: credentials,
            products: products.map { ProductRowView($0, tree: tree) },
            rows: try await backend.subscribers().map { SubscriberRowView($0, products: names, counts: counts[$0.id] ?? DeliveryCounts()) },
            sections: [OptionView(value: "", label: "전체", selected: true)]
                + tree.depthFirst.compactMap { entry in
                    tree.path(of: entry.section.id).map {
                        OptionView(value: $0.description, label: String(repeating: "· ", count: entry.depth) + entry.section.name, selected: false)
                    }
                },
            gradeOptions: [OptionView(value: "", label: "전체", selected: true)]
                + ArticleGrade.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: false) },
            kindOptions: [OptionView(value: "", label: "전체", selected: true)]
                + ArticleKind.allCases.map { OptionView(value: $0.rawValue, label: $0.koreanName, selected: false) },
            formats: DistributionFormat.allCases.map { OptionView(value: $0.rawValue, label: SubscriberRowView.label($0), selected: $0 == .ninjs) },
            choices: products.map { OptionView(value: String($0.id.rawValue), label: $0.name, selected: false) })
        return AdminController.html(try site.templates.render(view, template: "admin-subscribers"), status: status)
    }

    // MARK: Products

    @Sendable func createProduct(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try adminForm(context)
        func one(_ name: String) -> [String]? { form[name].flatMap { $0.isEmpty ? nil : [$0] } }
        let body = ProductRequest(
            name: form["name"] ?? "", sections: one("section"), grades: one("grade"), kinds: one("kind"),
            tags: form["tags"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
            breakingOnly: form["breaking_only"] != nil, withPhotos: form["with_photos"] != nil)
        do {
            let draft = try body.product(over: Product(id: ProductID(rawValue: 0), name: "", filter: ProductFilter()), tree: await site.sections.current())
            _ = try await backend.addProduct(name: draft.name, filter: draft.filter)
        } catch BylineError.invalidFields(let problems) {
            return try await render(signed, problems: problems.map { FieldProblem(field: "product", message: $0.message) }, status: .badRequest)
        } catch let refusal as StorageRefusal {
            return try await render(signed, problems: [FieldProblem(field: "product", message: refusal.explanation)], status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/subscribers?done=1")
    }

    @Sendable func deleteProduct(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try adminForm(context)
        guard let id = context.parameters.get("product").flatMap(ProductID.init) else { throw BylineError.notFound }
        try await backend.deleteProduct(id)
        return AdminController.redirect(to: "/admin/subscribers?done=1")
    }

    // MARK: Subscribers

    @Sendable func createSubscriber(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try adminForm(context)
        let chosen = try await backend.products().map(\.id.rawValue).filter { form["product_\($0)"] != nil }
        let webhook = (form["webhook_url"] ?? "").trimmingCharacters(in: .whitespaces)
        let body = SubscriberRequest(
            name: form["name"] ?? "", contact: form["contact"] ?? "", products: chosen, format: form["format"] ?? "ninjs",
            webhookURL: .some(webhook.isEmpty ? nil : webhook), embargoedEarly: form["embargoed_early"] != nil)
        do {
            guard !chosen.isEmpty else {
                throw BylineError.invalidFields([FieldProblem(field: "products", message: "받을 상품을 하나 이상 골라 주세요.")])
            }
            let terms = try body.terms(over: SubscriberTerms(name: "", products: [], format: .ninjs))
            let (key, secret) = (Credentials.newToken(), Credentials.newToken())
            let subscriber = try await backend.addSubscriber(terms, keyHash: Credentials.tokenHash(key), secret: secret, at: site.clock.now)
            return try await render(signed, notice: "구독사를 추가했습니다.", credentials: .init(name: subscriber.name, key: key, secret: secret))
        } catch BylineError.invalidFields(let problems) {
            return try await render(signed, problems: problems.map { FieldProblem(field: "subscriber", message: $0.message) }, status: .badRequest)
        }
    }

    @Sendable func rotate(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, _) = try adminForm(context)
        let subscriber = try await stored(context)
        let (key, secret) = (Credentials.newToken(), Credentials.newToken())
        try await backend.rotateSubscriberKey(subscriber.id, keyHash: Credentials.tokenHash(key), secret: secret)
        return try await render(
            signed, notice: "새 키를 만들었습니다. 예전 키는 바로 막혔습니다.", credentials: .init(name: subscriber.name, key: key, secret: secret))
    }

    @Sendable func revoke(_ request: Request, context: BylineRequestContext) async throws -> Response {
        _ = try adminForm(context)
        try await backend.revokeSubscriber(try await stored(context).id, at: site.clock.now)
        return AdminController.redirect(to: "/admin/subscribers?done=1")
    }

    // MARK: One subscriber's queue

    @Sendable func queue(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try admin(context)
        return try await queuePage(signed, subscriber: try await stored(context), notice: context.query["resent"].map { "\($0)건을 다시 보내도록 넣었습니다." })
    }

    func queuePage(
        _ signed: SignIn.Signed, subscriber: Subscriber, problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok, notice: String? = nil
    ) async throws -> Response {
        let deliveries = try await backend.deliveries(of: subscriber.id, limit: 200)
        let view = QueuePage(
            layout: site.adminLayout(title: "\(subscriber.name) 전송 대기열", path: "/admin/subscribers/\(subscriber.id)"), user: UserBar(signed),
            notice: notice, errors: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { "\($0) \($1)" }),
            subscriber: SubscriberRowView(subscriber, products: [:], counts: DeliveryCounts()),
            deliveries: deliveries.map { DeliveryRowView($0) })
        return AdminController.html(try site.templates.render(view, template: "admin-queue"), status: status)
    }

    /// Queues again one delivery (`delivery`) or every one since a time (`since`, Korean time).
    @Sendable func resend(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let (signed, form) = try adminForm(context)
        let subscriber = try await stored(context)
        let count: Int
        if let text = form["delivery"], let id = Int64(text), id > 0 {
            count = try await backend.resend(subscriber.id, id: id, since: nil, at: site.clock.now)
        } else if let text = form["since"], let since = ArticleForm.date(fromLocal: text) {
            count = try await backend.resend(subscriber.id, id: nil, since: since, at: site.clock.now)
        } else {
            let problem = FieldProblem(field: "since", message: "다시 보낼 기준 시각을 골라 주세요.")
            return try await queuePage(signed, subscriber: subscriber, problems: [problem], status: .badRequest)
        }
        return AdminController.redirect(to: "/admin/subscribers/\(subscriber.id)?resent=\(count)")
    }

    private func stored(_ context: BylineRequestContext) async throws -> Subscriber {
        guard let id = context.parameters.get("subscriber").flatMap(SubscriberID.init),
              let subscriber = try await backend.subscriber(id)
        else { throw BylineError.notFound }
        return subscriber
    }
}
