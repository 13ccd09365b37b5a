import BylineCore
import Foundation

/// `/admin/subscribers`: products, subscribers and a key shown once.
struct SubscribersPage: Sendable {
    /// A new subscriber's (or a rotated) key and signing secret, shown on this answer only.
    struct Credentials: Sendable {
        let name: String
        let key: String
        let secret: String
    }

    let layout: LayoutView
    let user: UserBar
    let notice: String?
    let errors: [String: String]
    let credentials: Credentials?
    let products: [ProductRowView]
    let rows: [SubscriberRowView]
    let sections: [OptionView]
    let gradeOptions: [OptionView]
    let kindOptions: [OptionView]
    let formats: [OptionView]
    /// The products a new subscriber may take.
    let choices: [OptionView]
}

struct ProductRowView: Sendable {
    let id: Int64
    let name: String
    /// What the filter lets through, in words.
    let conditions: String

    init(_ product: Product, tree: SectionTree) {
        id = product.id.rawValue
        name = product.name
        let filter = product.filter
        var parts: [String] = []
        if !filter.sections.isEmpty { parts.append("섹션 " + filter.sections.compactMap { tree.section($0)?.name }.joined(separator: ", ")) }
        if !filter.grades.isEmpty { parts.append("등급 " + filter.grades.map(\.koreanName).joined(separator: ", ")) }
        if !filter.kinds.isEmpty { parts.append("유형 " + filter.kinds.map(\.koreanName).joined(separator: ", ")) }
        if !filter.tags.isEmpty { parts.append("태그 " + filter.tags.map(\.name).joined(separator: ", ")) }
        if filter.breakingOnly { parts.append("속보만") }
        if filter.photosOnly { parts.append("사진 있는 기사만") }
        conditions = parts.isEmpty ? "모든 기사" : parts.joined(separator: " · ")
    }
}

struct SubscriberRowView: Sendable {
    let id: Int64
    let name: String
    let contact: String
    let products: String
    let format: String
    let webhook: String?
    let early: Bool
    let revoked: String?
    let delivered: Int
    let pending: Int
    let failed: Int
    let queueURL: String

    init(_ subscriber: Subscriber, products names: [ProductID: String], counts: DeliveryCounts) {
        id = subscriber.id.rawValue
        name = subscriber.name
        contact = subscriber.contact
        products = subscriber.products.compactMap { names[$0] }.joined(separator: ", ")
        format = Self.label(subscriber.format)
        webhook = subscriber.webhookURL
        early = subscriber.seesEmbargoed
        revoked = subscriber.revokedAt.map(KoreanTime.listStamp)
        (delivered, pending, failed) = (counts.delivered, counts.pending, counts.failed)
        queueURL = "/admin/subscribers/\(subscriber.id)"
    }

    static func label(_ format: DistributionFormat) -> String {
        switch format {
        case .ninjs: "ninjs 2.2 (JSON)"
        case .newsml: "NewsML-G2 2.35 (XML)"
        case .both: "둘 다"
        }
    }
}

/// `/admin/subscribers/{id}`: one subscriber's deliveries, newest first.
struct QueuePage: Sendable {
    let layout: LayoutView
    let user: UserBar
    let notice: String?
    let errors: [String: String]
    let subscriber: SubscriberRowView
    let deliveries: [DeliveryRowView]
}

struct DeliveryRowView: Sendable {
    let id: Int64
    let article: String
    let version: Int
    let status: String
    let created: String
    let attempts: Int
    let lastError: String?

    init(_ delivery: Delivery) {
        id = delivery.id
        article = Links.article(delivery.articleID)
        version = delivery.version
        status = if let at = delivery.deliveredAt {
            "전송됨 \(KoreanTime.listStamp(at))"
        } else if let at = delivery.failedAt {
            "실패 \(KoreanTime.listStamp(at))"
        } else if delivery.attempts > 0 {
            "재시도 대기 (\(KoreanTime.listStamp(delivery.nextAttemptAt)))"
        } else {
            "대기"
        }
        created = KoreanTime.listStamp(delivery.createdAt)
        attempts = delivery.attempts
        lastError = delivery.lastError
    }
}

extension SubscribersPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .notice: .of(notice)
        case .errors: .of(errors)
        case .credentials: .of(credentials)
        case .products: .of(products)
        case .rows: .of(rows)
        case .sections: .of(sections)
        case .gradeOptions: .of(gradeOptions)
        case .kindOptions: .of(kindOptions)
        case .formats: .of(formats)
        case .choices: .of(choices)
        default: nil
        }
    }
}

extension SubscribersPage.Credentials: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .name: .of(name)
        case .value: .of(key)
        case .secret: .of(secret)
        default: nil
        }
    }
}

extension ProductRowView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .name: .of(name)
        case .conditions: .of(conditions)
        default: nil
        }
    }
}

extension SubscriberRowView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .name: .of(name)
        case .email: .of(contact)
        case .products: .of(products)
        case .format: .of(format)
        case .webhook: .of(webhook)
        case .early: .of(early)
        case .revoked: .of(revoked)
        case .delivered: .of(delivered)
        case .pending: .of(pending)
        case .failed: .of(failed)
        case .queueURL: .of(queueURL)
        default: nil
        }
    }
}

extension QueuePage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .notice: .of(notice)
        case .errors: .of(errors)
        case .subscriber: .of(subscriber)
        case .deliveries: .of(deliveries)
        default: nil
        }
    }
}

extension DeliveryRowView: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .id: .of(id)
        case .article: .of(article)
        case .version: .of(version)
        case .status: .of(status)
        case .created: .of(created)
        case .attempts: .of(attempts)
        case .lastError: .of(lastError)
        default: nil
        }
    }
}
