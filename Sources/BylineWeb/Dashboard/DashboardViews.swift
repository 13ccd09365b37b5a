import BylineCore
import Foundation

/// `/admin/dashboard`: how the newsroom's stories do and what it produced, for a period.
struct DashboardPage: Sendable {
    struct ReadersNow: Sendable {
        let fiveMinutes: Int
        let lastHour: Int
    }

    struct TopRow: Sendable {
        let headline: String
        let url: String
        let views: Int
        /// Inline SVG of the last 24 hours.
        let sparkline: String
    }

    /// A labelled number with its share of the whole.
    struct CountRow: Sendable {
        let label: String
        let total: Int
        let share: String
    }

    /// Production split into own reporting, 보도자료 and wire copy.
    struct ProductionRow: Sendable {
        let label: String
        let own: Int
        let press: Int
        let wire: Int
        var total: Int { own + press + wire }
        /// Own reporting's share, `63%`.
        var ownShare: String { total == 0 ? "-" : "\(own * 100 / total)%" }
    }

    struct UpcomingRow: Sendable {
        let headline: String
        let url: String
        let at: String
        let kind: String
    }

    let layout: LayoutView
    let user: UserBar
    let from: String
    let to: String
    let query: String
    /// Site-wide figures are for editors; a reporter sees only their own articles'.
    let isOwn: Bool
    let readersNow: ReadersNow?
    let top: [TopRow]
    let sectionChart: String
    let sectionRows: [CountRow]
    let referrerChart: String?
    let referrerRows: [CountRow]
    let productionChart: String
    let productionRows: [ProductionRow]
    let deskRows: [ProductionRow]
    let reporterRows: [ProductionRow]
    let upcoming: [UpcomingRow]
}

extension DashboardPage: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .layout: .of(layout)
        case .user: .of(user)
        case .from: .of(from)
        case .to: .of(to)
        case .query: .of(query)
        case .isOwn: .of(isOwn)
        case .readersNow: readersNow.map { .of($0) } ?? .empty
        case .top: .of(top)
        case .sectionChart: .of(sectionChart)
        case .sectionRows: .of(sectionRows)
        case .referrerChart: .of(referrerChart)
        case .referrerRows: .of(referrerRows)
        case .productionChart: .of(productionChart)
        case .productionRows: .of(productionRows)
        case .deskRows: .of(deskRows)
        case .reporterRows: .of(reporterRows)
        case .upcoming: .of(upcoming)
        default: nil
        }
    }
}

extension DashboardPage.ReadersNow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .fiveMinutes: .of(fiveMinutes)
        case .lastHour: .of(lastHour)
        default: nil
        }
    }
}

extension DashboardPage.TopRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .headline: .of(headline)
        case .url: .of(url)
        case .views: .of(views)
        case .sparkline: .of(sparkline)
        default: nil
        }
    }
}

extension DashboardPage.CountRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .label: .of(label)
        case .total: .of(total)
        case .share: .of(share)
        default: nil
        }
    }
}

extension DashboardPage.ProductionRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .label: .of(label)
        case .own: .of(own)
        case .press: .of(press)
        case .wire: .of(wire)
        case .total: .of(total)
        case .ownShare: .of(ownShare)
        default: nil
        }
    }
}

extension DashboardPage.UpcomingRow: TemplateView {
    func value(_ field: TemplateField) -> TemplateValue? {
        switch field {
        case .headline: .of(headline)
        case .url: .of(url)
        case .at: .of(at)
        case .kind: .of(kind)
        default: nil
        }
    }
}
