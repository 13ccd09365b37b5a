import ArgumentParser
import Dispatch

/// The `byline` executable: commands and configuration only; the work happens in the libraries.
struct BylineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline",
        abstract: "Byline: a news publishing platform for a Korean newsroom.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self, UserCommand.self, TokenCommand.self,
            BackupCommand.self, PhotosCommand.self, SourceCommand.self, IngestCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}

/// Runs the command on Swift concurrency's threads while the main thread waits.
///
/// An `async` main hands the main thread to `dispatch_main()`, which parks it in a
/// thread-exit handler; valgrind 3.19 crashes there, so instructions per request could not
/// be counted (`scripts/bench`). Nothing in Byline runs on the main actor, so the main
/// thread has nothing else to do. The command exits the process itself on failure.
@main
enum BylineMain {
    static func main() {
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await BylineCommand.main()
            finished.signal()
        }
        finished.wait()
    }
}
