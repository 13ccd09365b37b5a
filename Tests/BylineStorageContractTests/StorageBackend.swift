import BylineCore
import BylineSQLite
import Foundation
import Testing

/// A storage backend the contract suite runs against. Later backends (PostgreSQL)
/// add a case here and every contract test runs against them too.
enum StorageBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory
    case sqliteFile

    var testDescription: String { rawValue }

    /// A new, empty, migrated store.
    func makeStore() throws -> any NewsStore {
        switch self {
        case .sqliteInMemory:
            return try SQLiteNewsStore.inMemory()
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("byline-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteNewsStore(path: directory.appendingPathComponent("byline.sqlite").path)
        }
    }
}

