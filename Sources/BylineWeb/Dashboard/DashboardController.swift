import BylineCore
import BylineNewsroom
import Foundation
import Hummingbird

/// `/admin/dashboard`, where the newsroom lands after signing in: readers now, the most
/// read articles with their last 24 hours, views by section and by where readers came from,
/// and production per day, desk and reporter against 보도자료 and wire copy, for a period;
/// with the embargoes and schedules coming up. Editors and admins see the whole site; a
/// reporter sees their own articles. Any table downloads as CSV (`?csv=NAME`).
struct DashboardController: Sendable {
    let site: SiteContext
    let signIn: SignIn
    let backend: any NewsroomBackend

    var endpoints: RouteCollection<BylineRequestContext> {
        let routes = RouteCollection(context: BylineRequestContext.self)
        routes.add(middleware: NewsroomSessions(signIn: signIn))
        routes.get("/admin/dashboard", use: page)
        return routes
    }

    @Sendable func page(_ request: Request, context: BylineRequestContext) async throws -> Response {
        let signed = try context.signedIn()
        let now = site.clock.now
        let period = try DashboardPeriod(from: context.query["from"], to: context.query["to"], now: now)
        let user = signed.user
        let reporter = user.role == .reporter ? user.reporterID : nil
        let isOwn = user.role == .reporter
        if isOwn, reporter == nil { throw BylineError.forbidden("기자 이름이 연결된 계정만 자기 기사의 숫자를 볼 수 있습니다.") }
        let tree = await site.sections.current()
        let hour = viewHour(of: now)

        // The most read now (this hour and the last), each with its last 24 hours.
        let top = try await backend.mostViewed(hours: (hour - 1)..<(hour + 1), reporter: reporter, limit: 10)
        let series = try await backend.hourlyViews(top.map(\.id), hours: (hour - 23)..<(hour + 1))
        let topRows = top.map { article in
            DashboardPage.TopRow(
                headline: article.headline, url: "/admin/articles/\(article.id)", views: article.views,
                sparkline: SVGChart.sparkline(((hour - 23)...hour).map { series[article.id]?[$0] ?? 0 }))
        }
        let sectionViews = try await backend.sectionViews(hours: period.hours, reporter: reporter)
        let sectionRows = Self.shares(sectionViews.map { (tree.section($0.key)?.name ?? "?", $0.value) })
        let referrers = isOwn ? [:] : try await site.store.referrers(hours: period.hours)
        let referrerRows = Self.shares(ReferrerKind.allCases.map { ($0.koreanName, referrers[$0] ?? 0) }.filter { $0.1 > 0 })

        let produced = try await backend.produced(from: period.start, to: period.end, reporter: reporter)
        let names = try await Self.reporterNames(produced, store: site.store)
        func split(_ label: String, _ articles: [ProducedArticle]) -> DashboardPage.ProductionRow {
            DashboardPage.ProductionRow(
                label: label, own: articles.filter { !$0.fromWire && $0.kind != .pressRelease }.count,
                press: articles.filter { !$0.fromWire && $0.kind == .pressRelease }.count, wire: articles.filter(\.fromWire).count)
        }
        let byDay = Dictionary(grouping: produced) { KoreanDay(containing: $0.publishedAt) }
        let productionRows = period.days.map { split($0.description, byDay[$0] ?? []) }
        let byDesk = Dictionary(grouping: produced) { tree.root(of: $0.sectionID)?.id ?? $0.sectionID }
        let deskRows = byDesk.map { split(tree.section($0.key)?.name ?? "?", $0.value) }.sorted { ($0.total, $1.label) > ($1.total, $0.label) }
        var byReporter: [ReporterID: [ProducedArticle]] = [:]
        for article in produced { for author in article.authors { byReporter[author, default: []].append(article) } }
        let reporterRows = byReporter.map { split(names[$0.key] ?? "?", $0.value) }.sorted { ($0.total, $1.label) > ($1.total, $0.label) }

        if let table = context.query["csv"] {
            return try csv(table, period: period, top: topRows, sections: sectionRows, referrers: referrerRows, production: productionRows,
                           desks: deskRows, reporters: reporterRows)
        }
        let scheduled = try await backend.drafts(
            DraftFilter(status: .scheduled, reporterEmail: isOwn ? user.email : nil), page: PageRequest(limit: 20)).items
        let view = DashboardPage(
            layout: site.adminLayout(title: "현황판", path: "/admin/dashboard"), user: UserBar(signed),
            from: period.from.description, to: period.to.description, query: period.query, isOwn: isOwn,
            readersNow: isOwn ? nil : DashboardPage.ReadersNow(
                fiveMinutes: try await site.store.views(minutes: (Traffic.minute(of: now) - 4)..<(Traffic.minute(of: now) + 1)),
                lastHour: try await site.store.views(minutes: (Traffic.minute(of: now) - 59)..<(Traffic.minute(of: now) + 1))),
            top: topRows,
            sectionChart: SVGChart.bars(title: "섹션별 조회수", rows: sectionRows.map { ($0.label, [$0.total]) }),
            sectionRows: sectionRows,
            referrerChart: isOwn ? nil : SVGChart.bars(title: "유입 경로별 조회수", rows: referrerRows.map { ($0.label, [$0.total]) }),
            referrerRows: referrerRows,
            productionChart: SVGChart.bars(
                title: "날짜별 출고 (자체 기사, 보도자료, 통신 전재)", rows: productionRows.map { ($0.label, [$0.own, $0.press, $0.wire]) }),
            productionRows: productionRows, deskRows: deskRows, reporterRows: reporterRows,
            upcoming: scheduled.map { draft in
                DashboardPage.UpcomingRow(
                    headline: draft.headline, url: "/admin/articles/\(draft.id)", at: draft.publishedAt.map(KoreanTime.listStamp) ?? "-",
                    kind: "예약 출고")
            })
        return AdminController.html(try site.templates.render(view, template: "admin-dashboard"), status: .ok)
    }

    /// Rows with each one's share of the total, largest first.
    static func shares(_ counts: [(String, Int)]) -> [DashboardPage.CountRow] {
        let total = max(1, counts.reduce(0) { $0 + $1.1 })
        return counts.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { DashboardPage.CountRow(label: $0.0, total: $0.1, share: "\($0.1 * 100 / total)%") }
    }

    static func reporterNames(_ produced: [ProducedArticle], store: any NewsStore) async throws -> [ReporterID: String] {
        var names: [ReporterID: String] = [:]
        for id in Set(produced.flatMap(\.authors)) { names[id] = try await store.reporter(id)?.name }
        return names
    }

    func csv(
        _ table: String, period: DashboardPeriod, top: [DashboardPage.TopRow], sections: [DashboardPage.CountRow],
        referrers: [DashboardPage.CountRow], production: [DashboardPage.ProductionRow], desks: [DashboardPage.ProductionRow],
        reporters: [DashboardPage.ProductionRow]
    ) throws -> Response {
        func counts(_ rows: [DashboardPage.CountRow], _ what: String) -> String {
            DashboardCSV.text(header: [what, "조회수", "비율"], rows: rows.map { [$0.label, String($0.total), $0.share] })
        }
        func productionTable(_ rows: [DashboardPage.ProductionRow], _ what: String) -> String {
            DashboardCSV.text(
                header: [what, "자체 기사", "보도자료", "통신 전재", "합계", "자체 비율"],
                rows: rows.map { [$0.label, String($0.own), String($0.press), String($0.wire), String($0.total), $0.ownShare] })
        }
        let text: String = switch table {
        case "top": DashboardCSV.text(header: ["제목", "최근 두 시간 조회수"], rows: top.map { [$0.headline, String($0.views)] })
        case "sections": counts(sections, "섹션")
        case "referrers": counts(referrers, "유입 경로")
        case "production": productionTable(production, "날짜")
        case "desks": productionTable(desks, "부서")
        case "reporters": productionTable(reporters, "기자")
        default: throw BylineError.invalidInput("내려받을 표를 top, sections, referrers, production, desks, reporters 가운데서 골라 주세요.")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"byline-\(table)-\(period.from)_\(period.to).csv\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
