import ArgumentParser

/// Herald's command line: the server and the tools operators need around it.
@main
struct Herald: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "herald",
        abstract: "Planned-downtime notices, incident alerts and status pages, in one server.",
        subcommands: [
            Serve.self, Migrate.self, NoticeCommand.self, IncidentCommand.self, PostmortemCommand.self, DrillCommand.self, FeedbackCommand.self, ContactsCommand.self, DeliveriesCommand.self, TokenCommand.self, UserCommand.self,
            ConfigCommand.self, BackupCommand.self, RestoreCommand.self, TeamsCommand.self, SchedulesCommand.self, IntegrationsCommand.self,
            SilencesCommand.self, HeartbeatCommand.self, AuditCommand.self, DoctorCommand.self,
        ]
    )
}
