import ArgumentParser

/// The `safetynet` command line.
@main
struct SafetyNetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safetynet",
        abstract: "SafetyNet: find and help households in hardship, with every case in a closed loop.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self,
            KeysCommand.self, ModulesCommand.self, CalendarCommand.self, FeedCommand.self, BackupCommand.self, RestoreCommand.self,
            HealthCommand.self, ConfigCommand.self,
        ])
}
