import BylineCore
import Foundation
import Logging
import PostgresNIO

/// Article pages' data, kept whole: one row per article page read twice since the public
/// content last changed, so that its next read is one primary-key lookup of one value
/// (`KeptPage`) instead of `ArticlePageRow`'s statement. That statement ranks the related
/// articles from the newest of every tag each time: on a loaded two-core machine
/// PostgreSQL spent about 0.5 ms of CPU per page on it, half of that on the ranking.
///
/// Exact, not approximate: what readers get is what `ArticlePageRow` reads at that moment.
/// - Every statement that changes what a public page shows (a public article, or a part of
///   one: bylines, tags, photos, corrections, its chain or live coverage; a reporter or a
///   tag) notes its transaction in `contentChange`, by trigger. Drafts change nothing here:
///   saving one leaves every kept page valid.
/// - A kept row records the snapshot it was read in. It holds while every noted change is
///   visible in that snapshot, so a change committed while a page was being read (and kept
///   a moment later) still invalidates it: no race between readers and writers.
/// - Related articles rank by time, so a row also holds only until the next time a
///   published article becomes public by the clock alone (`validUntil`), and only from the
///   time it was read at (`builtAt`), should another node's clock run behind.
/// - `tidy` (every half minute, on the node running the scheduled jobs) deletes rows that
///   no longer hold and the notes every kept row has seen. A row read before the last tidy
///   (its snapshot older than `pageDataHorizon`) no longer holds either: the notes that
///   could invalidate it may be gone.
///
/// The two tables are UNLOGGED: nothing of them is written to the WAL, and after a crash
/// PostgreSQL empties both, which loses nothing but speed.
enum ArticlePageData {
    static let migrations: [(name: String, statements: [String])] = [
        ("keepArticlePages", [
            "CREATE UNLOGGED TABLE contentChange (xid xid8 PRIMARY KEY)",
            "CREATE TABLE pageDataHorizon (horizon xid8 NOT NULL)",
            "INSERT INTO pageDataHorizon VALUES ('0')",
            """
            CREATE UNLOGGED TABLE articlePageData (
                articleId bigint PRIMARY KEY,
                builtAt bigint NOT NULL,
                validUntil bigint NOT NULL,
                snapshot pg_snapshot NOT NULL,
                data bytea NOT NULL)
            """,
            // lz4 decompresses several times faster than the default; a server built
            // without it keeps the default.
            """
            DO $$ BEGIN
                ALTER TABLE articlePageData ALTER COLUMN data SET COMPRESSION lz4;
            EXCEPTION WHEN OTHERS THEN NULL;
            END $$
            """,
            noteFunction("noteContentChange", when: "true"),
            noteFunction("notePublicArticleChange", when: "EXISTS (SELECT 1 FROM changed WHERE status = 'published')"),
            noteFunction("notePublicArticleUpdate", when: """
                EXISTS (SELECT 1 FROM changed WHERE status = 'published') OR EXISTS (SELECT 1 FROM before WHERE status = 'published')
                """),
            noteFunction("notePublicArticlePartChange", when: """
                EXISTS (SELECT 1 FROM changed JOIN article ON article.id = changed.articleId WHERE article.status = 'published')
                """),
        ] + triggers),
    ]

    private static func noteFunction(_ name: String, when condition: String) -> String {
        """
        CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF \(condition) THEN
                INSERT INTO contentChange VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$
        """
    }

    /// Statement triggers, each seeing the rows its statement changed (`changed`, and
    /// `before` for an article's update). A chain or live coverage matters to a page only
    /// by existing; a new reporter or tag, not until an article names it.
    private static let triggers: [String] = {
        func trigger(_ table: String, _ event: String, _ rows: String, _ function: String) -> String {
            """
            CREATE TRIGGER \(table)_\(event.lowercased())_notes_change AFTER \(event) ON \(table)
            \(rows.isEmpty ? "" : "REFERENCING \(rows)") FOR EACH STATEMENT EXECUTE FUNCTION \(function)()
            """
        }
        var statements = [
            trigger("article", "INSERT", "NEW TABLE AS changed", "notePublicArticleChange"),
            trigger("article", "UPDATE", "OLD TABLE AS before NEW TABLE AS changed", "notePublicArticleUpdate"),
            trigger("article", "DELETE", "OLD TABLE AS changed", "notePublicArticleChange"),
        ]
        for (table, events) in [
            ("articleAuthor", ["INSERT", "UPDATE", "DELETE"]), ("articleTag", ["INSERT", "UPDATE", "DELETE"]),
            ("photo", ["INSERT", "UPDATE", "DELETE"]), ("correction", ["INSERT", "UPDATE", "DELETE"]),
            ("articleChain", ["INSERT", "DELETE"]), ("liveCoverage", ["INSERT", "DELETE"]),
        ] {
            for event in events {
                statements.append(trigger(
                    table, event, event == "DELETE" ? "OLD TABLE AS changed" : "NEW TABLE AS changed", "notePublicArticlePartChange"))
            }
        }
        for table in ["reporter", "tag"] {
            statements.append(trigger(table, "UPDATE", "", "noteContentChange"))
            statements.append(trigger(table, "DELETE", "", "noteContentChange"))
        }
        for table in ["article", "articleAuthor", "articleTag", "photo", "correction", "articleChain", "liveCoverage", "reporter", "tag"] {
            statements.append(trigger(table, "TRUNCATE", "", "noteContentChange"))
        }
        return statements
    }()

    /// Whether a kept row (`page`) still holds at `time`.
    private static func holds(at time: String) -> String {
        """
        page.builtAt <= \(time) AND page.validUntil > \(time)
        AND pg_snapshot_xmin(page.snapshot) >= (SELECT horizon FROM pageDataHorizon)
        AND NOT EXISTS (
            SELECT 1 FROM contentChange AS change
            WHERE change.xid >= pg_snapshot_xmin(page.snapshot) AND NOT pg_visible_in_snapshot(change.xid, page.snapshot))
        """
    }

    /// The next time a published article becomes public by the clock alone, after `$2`.
    private static let nextByTheClock = """
        (SELECT coalesce(min(publishedAt), 9223372036854775807) FROM article WHERE status = 'published' AND publishedAt > $2)
        """

    /// Deletes the kept rows that no longer hold at `now`, then the change notes that every
    /// row kept from now on will have seen; returns how many rows went.
    static func tidy(asOf now: Int64, connection: PostgresConnection, logger: Logger) async throws -> Int {
        let removed = try await connection.rows("""
            WITH gone AS (DELETE FROM articlePageData AS page WHERE NOT (\(unescaped: holds(at: String(now))))
                RETURNING 1)
            SELECT count(*) FROM gone
            """, logger: logger).first?.decode(Int64.self) ?? 0
        // A row kept after this statement's snapshot was read in a snapshot no older than
        // it; one kept before is counted by `min`. Neither can miss a note deleted below.
        try await connection.run("""
            UPDATE pageDataHorizon SET horizon = greatest(horizon, least(
                pg_snapshot_xmin(pg_current_snapshot()),
                coalesce((SELECT min(pg_snapshot_xmin(snapshot)) FROM articlePageData), pg_snapshot_xmin(pg_current_snapshot()))))
            """, logger: logger)
        try await connection.run("DELETE FROM contentChange WHERE xid < (SELECT horizon FROM pageDataHorizon)", logger: logger)
        return Int(removed)
    }

    /// An article page's kept data (`KeptPage`), if it holds at `now`.
    struct Kept: PreparedRead {
        static let sql = "SELECT data FROM articlePageData AS page WHERE page.articleId = $1 AND \(holds(at: "$2"))"
        let id: Int64
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [id, now] }
    }

    /// An article page read whole (`Prepared.ArticlePage`), with the snapshot it was read in
    /// and how long it holds, in two columns after `ArticlePageRow`'s.
    struct ReadWhole: PreparedRead {
        static let sql = """
            SELECT page.*, pg_current_snapshot()::text, \(nextByTheClock) FROM (\(Prepared.ArticlePage.sql)) AS page
            """
        let id: Int64
        let now: Int64
        var values: [any PostgresDynamicTypeEncodable] { [id, now] }
    }

    /// Keeps a page read by `ReadWhole`.
    static func keep(
        _ page: ArticleWithRelated, readAt now: Int64, snapshot: String, validUntil: Int64, connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.run("""
            INSERT INTO articlePageData (articleId, builtAt, validUntil, snapshot, data)
            VALUES (\(page.article.id.rawValue), \(now), \(validUntil), \(snapshot)::pg_snapshot, \(KeptPage.encode(page)))
            ON CONFLICT (articleId) DO UPDATE SET builtAt = excluded.builtAt, validUntil = excluded.validUntil,
                snapshot = excluded.snapshot, data = excluded.data
            """, logger: logger)
    }
}
