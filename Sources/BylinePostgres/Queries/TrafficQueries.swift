import BylineCore
import Foundation
import PostgresNIO

extension PostgresNewsStore {
    public func recordTraffic(_ traffic: Traffic) async throws {
        guard !traffic.isEmpty else { return }
        // Rows in key order, so that two nodes adding to the same minutes lock them in the same order.
        let minutes = traffic.minutes.sorted { $0.key < $1.key }
        let (minuteNumbers, minuteViews) = (minutes.map(\.key), minutes.map { Int64($0.value) })
        let referrers = traffic.referrers.flatMap { hour, kinds in kinds.map { (hour, $0.key.rawValue, Int64($0.value)) } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        let (hours, kinds, views) = (referrers.map(\.0), referrers.map(\.1), referrers.map(\.2))
        try await write { [logger] connection in
            try await connection.run("""
                INSERT INTO viewMinute (minute, views)
                SELECT * FROM unnest(\(minuteNumbers)::bigint[], \(minuteViews)::bigint[]) AS counted(minute, views)
                ON CONFLICT (minute) DO UPDATE SET views = viewMinute.views + excluded.views
                """, logger: logger)
            try await connection.run("""
                INSERT INTO referrerHour (hour, kind, views)
                SELECT * FROM unnest(\(hours)::bigint[], \(kinds)::text[], \(views)::bigint[]) AS counted(hour, kind, views)
                ON CONFLICT (hour, kind) DO UPDATE SET views = referrerHour.views + excluded.views
                """, logger: logger)
            if let newest = minuteNumbers.last {
                try await connection.run("DELETE FROM viewMinute WHERE minute < \(newest - 1440)", logger: logger)
            }
        }
    }

    public func views(minutes: Range<Int64>) async throws -> Int {
        try await read { [logger] connection in
            let rows = try await connection.rows("""
                SELECT coalesce(sum(views), 0)::bigint FROM viewMinute WHERE minute >= \(minutes.lowerBound) AND minute < \(minutes.upperBound)
                """, logger: logger)
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
    }

    public func referrers(hours: Range<Int64>) async throws -> [ReferrerKind: Int] {
        try await read { [logger] connection in
            var kinds: [ReferrerKind: Int] = [:]
            for row in try await connection.rows("""
                SELECT kind, sum(views)::bigint FROM referrerHour WHERE hour >= \(hours.lowerBound) AND hour < \(hours.upperBound) GROUP BY kind
                """, logger: logger) {
                let (kind, views) = try row.decode((String, Int64).self)
                if let kind = ReferrerKind(rawValue: kind) { kinds[kind] = Int(views) }
            }
            return kinds
        }
    }
}
