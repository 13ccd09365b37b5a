import ArgumentParser
import BylineCore
import Foundation

/// `byline export [FILE]`: writes every section and article as NDJSON, sections first.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export sections and articles as NDJSON (to standard output without FILE).")

    @Argument(help: "Where to write; standard output when omitted.")
    var file: String?

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let store = try await openDatabase(try storage.settings())
        do {
            try await export(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private func export(_ store: any NewsDatabase) async throws {
        let output: FileHandle
        if let file {
            guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
                throw SettingsError("cannot write to \(file)")
            }
            output = handle
        } else {
            output = .standardOutput
        }
        defer { try? output.close() }

        // Parents come before their children so that an import recreates the tree in one pass.
        let tree = SectionTree(try await store.sections())
        var stack = tree.topLevel.reversed() as [Section]
        while let section = stack.popLast() {
            if let path = tree.path(of: section.id) {
                output.write(ExchangeEncoder.line(.section(NewSection(path: path, name: section.name, position: section.position))))
            }
            stack += tree.children(of: section.id).reversed()
        }

        var after: ArticleID?
        while true {
            let page = try await store.exportArticles(after: after, limit: 1000)
            guard let last = page.last else { break }
            var chunk = Data()
            for entry in page { chunk += ExchangeEncoder.line(.article(entry.document)) }
            output.write(chunk)
            after = last.id
        }
    }
}
