import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Sections, reporters, tags and articles by the names an import uses for them: read once
/// per batch, created when a record names one that does not exist.
extension Importer {
    func articleID(externalID: String) -> Int64? { pending.articles[externalID] ?? known.articles[externalID] }

    /// Reads, for the whole batch at once, the sections, reporters, tags and external ids
    /// it names that already exist.
    mutating func rememberIDs(for records: [ExchangeRecord]) async throws {
        var emails = Set<String>(), tagNames = Set<String>(), externalIDs = Set<String>()
        for case .article(let document) in records {
            for byline in document.authors + document.photos.compactMap(\.photographer) { emails.insert(byline.email.lowercased()) }
            for tag in document.tags { tagNames.insert(tag.name) }
            if let externalID = document.externalID { externalIDs.insert(externalID) }
        }
        let tree = SectionTree(try await connection.rows("SELECT \(unescaped: Section.columns) FROM section", logger: logger)
            .map(Section.init))
        for section in tree.sections {
            if let path = tree.path(of: section.id) { known.sections[path] = section.id.rawValue }
        }
        if !emails.isEmpty {
            for row in try await connection.rows("""
                SELECT k.email, reporter.id FROM unnest(\(Array(emails))::text[]) AS k(email)
                JOIN reporter ON lower(reporter.email) = lower(k.email)
                """, logger: logger) {
                let (email, id) = try row.decode((String, Int64).self)
                known.reporters[email] = id
            }
        }
        if !tagNames.isEmpty {
            for row in try await connection.rows("SELECT name, id FROM tag WHERE name = ANY(\(Array(tagNames)))", logger: logger) {
                let (name, id) = try row.decode((String, Int64).self)
                known.tags[name] = id
            }
        }
        if !externalIDs.isEmpty {
            for row in try await connection.rows("""
                SELECT externalId, id FROM article WHERE externalId = ANY(\(Array(externalIDs)))
                """, logger: logger) {
                let (externalID, id) = try row.decode((String, Int64).self)
                known.articles[externalID] = id
            }
        }
    }

    /// The section at `path`, created with its missing parents (named after their slugs) when unknown.
    mutating func sectionID(_ path: SectionPath, name: String?) async throws -> Int64 {
        if let id = pending.sections[path] ?? known.sections[path] { return id }
        var parent: Int64?
        for depth in 1...path.slugs.count {
            let prefix = SectionPath(slugs: Array(path.slugs.prefix(depth)))
            var found = pending.sections[prefix] ?? known.sections[prefix]
            if found == nil {
                found = try await PostgresNewsStore.sectionID(at: prefix, connection: connection, logger: logger)
            }
            if let id = found {
                pending.sections[prefix] = id
                parent = id
                continue
            }
            let slug = prefix.slugs.last ?? ""
            let sectionName = depth == path.slugs.count ? (name ?? slug) : slug
            let rows = try await connection.rows("""
                INSERT INTO section (parentId, slug, name, position) VALUES (\(parent), \(slug), \(sectionName), 1000)
                RETURNING id
                """, logger: logger)
            let id = try rows.first?.decode(Int64.self) ?? 0
            pending.sections[prefix] = id
            parent = id
        }
        return parent ?? 0
    }

    /// Ids of the document's authors and photographers by lowercased e-mail; reporters not
    /// yet known are created, named as in this byline, in the order they appear.
    mutating func reporterIDs(_ document: ArticleDocument) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        var missing: [Byline] = []
        for byline in document.authors + document.photos.compactMap(\.photographer) {
            let key = byline.email.lowercased()
            guard ids[key] == nil, !missing.contains(where: { $0.email.lowercased() == key }) else { continue }
            if let id = pending.reporters[key] ?? known.reporters[key] {
                ids[key] = id
            } else {
                missing.append(byline)
            }
        }
        guard !missing.isEmpty else { return ids }
        // ON CONFLICT: a reporter another node added meanwhile is looked up below.
        for row in try await connection.rows("""
            INSERT INTO reporter (name, email, beat)
            SELECT x.name, x.email, '' FROM unnest(\(missing.map(\.name))::text[], \(missing.map(\.email))::text[])
                WITH ORDINALITY AS x(name, email, n)
            ORDER BY x.n
            ON CONFLICT DO NOTHING RETURNING email, id
            """, logger: logger) {
            let (email, id) = try row.decode((String, Int64).self)
            ids[email.lowercased()] = id
        }
        let unresolved = missing.map { $0.email.lowercased() }.filter { ids[$0] == nil }
        if !unresolved.isEmpty {
            for row in try await connection.rows("""
                SELECT k.email, reporter.id FROM unnest(\(unresolved)::text[]) AS k(email)
                JOIN reporter ON lower(reporter.email) = lower(k.email)
                """, logger: logger) {
                let (email, id) = try row.decode((String, Int64).self)
                ids[email] = id
            }
        }
        for byline in missing {
            let key = byline.email.lowercased()
            guard let id = ids[key] else { throw StorageRefusal.unknownReporter(email: key) }
            pending.reporters[key] = id
        }
        return ids
    }

    /// Ids of the document's tags by name, each created when unknown.
    mutating func tagIDs(_ document: ArticleDocument) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        // By name, so that nodes creating the same new tags lock them in the same order.
        for tag in document.tags.sorted(by: { $0.name < $1.name }) where ids[tag.name] == nil {
            if let id = pending.tags[tag.name] ?? known.tags[tag.name] {
                ids[tag.name] = id
            } else {
                let id = try await PostgresNewsStore.tagID(for: tag, connection: connection, logger: logger)
                pending.tags[tag.name] = id
                ids[tag.name] = id
            }
        }
        return ids
    }
}
