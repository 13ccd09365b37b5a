import ArgumentParser

/// The `byline` executable: commands and configuration only; the work happens in the libraries.
@main
struct BylineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline",
        abstract: "Byline: a news publishing platform for a Korean newsroom.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self, UserCommand.self, TokenCommand.self,
            BackupCommand.self, PhotosCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
