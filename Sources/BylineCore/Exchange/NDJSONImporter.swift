import Foundation

/// Streams an NDJSON file into a store: lines are read in chunks (constant memory,
/// whatever the file's size), checked one by one, and written in batched transactions.
/// A bad line is reported with its number and field and skipped whole; the rest go on.
public struct NDJSONImporter: Sendable {
    public struct Failure: Hashable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct Progress: Sendable {
        public let articles: Int
        public let bytesRead: Int
        public let totalBytes: Int?
        public let elapsed: TimeInterval
    }

    public struct Report: Sendable {
        public var lines = 0
        public var tally = ImportTally()
        public var failureCount = 0
        /// The first failures, for the report; `failureCount` counts them all.
        public var failures: [Failure] = []
        /// Every article created or updated, in the order written.
        public var articles: [ArticleID] = []
    }

    let store: any NewsStore
    let mediaDirectory: URL
    /// Where `file` photos are looked up when their path is relative: the import file's folder.
    let sourceDirectory: URL
    let batchSize: Int
    let clock: NewsClock
    /// Changes each record once it is read (the demo moves its dates to the present).
    let adjust: @Sendable (ExchangeRecord) -> ExchangeRecord
    /// Work done on a whole batch before it is written, while the batch before is written
    /// (the newsroom renders the bodies here, on every core).
    public var prepare: @Sendable ([ExchangeRecord]) async -> [ExchangeRecord]

    public init(
        store: any NewsStore, mediaDirectory: URL, sourceDirectory: URL, batchSize: Int = 1000, clock: NewsClock = .system,
        adjust: @escaping @Sendable (ExchangeRecord) -> ExchangeRecord = { $0 },
        prepare: @escaping @Sendable ([ExchangeRecord]) async -> [ExchangeRecord] = { $0 }
    ) {
        self.prepare = prepare
        self.store = store
        self.mediaDirectory = mediaDirectory
        self.sourceDirectory = sourceDirectory
        self.batchSize = batchSize
        self.clock = clock
        self.adjust = adjust
    }

    public func run(
        _ handle: FileHandle, totalBytes: Int?, progress: (Progress) -> Void = { _ in }
    ) async throws -> Report {
        var report = Report()
        var batch: [(line: Int, record: ExchangeRecord)] = []
        var pending: [UInt8] = []
        var bytesRead = 0
        let started = Date()

        // One batch is written while the next is read and decoded: the store's writer and the
        // decoding each keep a core busy. Batches are written in order, one at a time.
        var writing: Task<([(line: Int, record: ExchangeRecord)], [ImportOutcome]), any Error>?

        func flush() async throws {
            guard !batch.isEmpty else { return }
            var submitted = batch
            batch.removeAll(keepingCapacity: true)
            // Prepared while the batch before is still being written.
            for (index, record) in await prepare(submitted.map(\.record)).enumerated() { submitted[index].record = record }
            try await finishWriting()
            let (store, now) = (store, clock.now)
            writing = Task { [submitted] in (submitted, try await store.importRecords(submitted.map(\.record), at: now)) }
        }

        func finishWriting() async throws {
            guard let written = writing else { return }
            writing = nil
            let (batch, outcomes) = try await written.value
            for (entry, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .sectionSaved: report.tally.sections += 1
                case .articleCreated(let id):
                    report.tally.created += 1
                    report.articles.append(id)
                case .articleUpdated(let id):
                    report.tally.updated += 1
                    report.articles.append(id)
                case .failed(let message): fail(entry.line, message)
                }
            }
            progress(Progress(
                articles: report.tally.created + report.tally.updated, bytesRead: bytesRead, totalBytes: totalBytes,
                elapsed: Date().timeIntervalSince(started)))
        }

        func fail(_ line: Int, _ message: String) {
            report.failureCount += 1
            if report.failures.count < 1000 { report.failures.append(Failure(line: line, message: message)) }
        }

        func take(_ line: ArraySlice<UInt8>) {
            report.lines += 1
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
            do {
                batch.append((report.lines, try resolvingFiles(adjust(ExchangeDecoder.decode(line)))))
            } catch {
                fail(report.lines, "\(error)")
            }
        }

        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            bytesRead += chunk.count
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                take(pending[start..<newline])
                start = newline + 1
                if batch.count >= batchSize { try await flush() }
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        if !pending.isEmpty { take(pending[...]) }
        try await flush()
        try await finishWriting()
        return report
    }

    /// Copies `file:` photos into the media directory under a content-derived name and
    /// reads their real size; a missing or unrecognised file refuses the line.
    func resolvingFiles(_ record: ExchangeRecord) throws(ExchangeLineError) -> ExchangeRecord {
        guard case .article(var article) = record else { return record }
        for index in article.photos.indices where article.photos[index].url.hasPrefix("file:") {
            let path = String(article.photos[index].url.dropFirst("file:".count))
            let source = path.hasPrefix("/") ? URL(fileURLWithPath: path) : sourceDirectory.appendingPathComponent(path)
            guard let data = try? Data(contentsOf: source), let info = ImageInfo(Array(data.prefix(1 << 16))) else {
                throw ExchangeLineError(field: "photos[\(index)].file", "사진 파일 '\(path)'을(를) 읽을 수 없거나 JPEG, PNG, GIF, WebP가 아닙니다.")
            }
            let name = "import-\(ContentHash.hex(data)).\(info.format.fileExtension)"
            let target = mediaDirectory.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: mediaDirectory, withIntermediateDirectories: true)
                if !FileManager.default.fileExists(atPath: target.path) { try data.write(to: target, options: .atomic) }
            } catch {
                throw ExchangeLineError(field: "photos[\(index)].file", "사진을 미디어 폴더에 복사하지 못했습니다.")
            }
            article.photos[index].url = "/media/\(name)"
            article.photos[index].width = info.width
            article.photos[index].height = info.height
        }
        return .article(article)
    }
}
