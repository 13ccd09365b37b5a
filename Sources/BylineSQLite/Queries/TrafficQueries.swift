import BylineCore
import Foundation
import GRDB

extension SQLiteNewsStore {
    public func recordTraffic(_ traffic: Traffic) async throws {
        guard !traffic.isEmpty else { return }
        try await write { db in
            let minute = try db.cachedStatement(sql: """
                INSERT INTO viewMinute (minute, views) VALUES (?, ?) ON CONFLICT (minute) DO UPDATE SET views = views + excluded.views
                """)
            for (number, views) in traffic.minutes { try minute.execute(arguments: [number, views]) }
            let referrer = try db.cachedStatement(sql: """
                INSERT INTO referrerHour (hour, kind, views) VALUES (?, ?, ?)
                ON CONFLICT (hour, kind) DO UPDATE SET views = views + excluded.views
                """)
            for (hour, kinds) in traffic.referrers {
                for (kind, views) in kinds { try referrer.execute(arguments: [hour, kind.rawValue, views]) }
            }
            if let newest = traffic.minutes.keys.max() {
                try db.execute(sql: "DELETE FROM viewMinute WHERE minute < ?", arguments: [newest - 1440])
            }
        }
    }

    public func views(minutes: Range<Int64>) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT coalesce(sum(views), 0) FROM viewMinute WHERE minute >= ? AND minute < ?",
                             arguments: [minutes.lowerBound, minutes.upperBound]) ?? 0
        }
    }

    public func referrers(hours: Range<Int64>) async throws -> [ReferrerKind: Int] {
        try await read { db in
            var kinds: [ReferrerKind: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT kind, sum(views) AS views FROM referrerHour WHERE hour >= ? AND hour < ? GROUP BY kind
                """, arguments: [hours.lowerBound, hours.upperBound]) {
                if let kind = ReferrerKind(rawValue: row["kind"]) { kinds[kind] = row["views"] }
            }
            return kinds
        }
    }
}
