import Agent
import ArgumentParser
import Logging
import MinerRPC

/// `fleet-agent run`: the agent as a service: every `interval_s` read every miner and GPU, store the readings in
/// the ledger, serve them on the HTTP API, until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent: poll every device each interval, keep the readings in the ledger, serve the API.",
        discussion: """
            The config is checked whole before anything starts; every problem is listed with its key path and line \
            (exit 1). SIGTERM or SIGINT finishes the cycle in progress, closes the ledger and exits 0. Logs go to \
            standard error (journald) at FLEET_AGENT_LOG_LEVEL (default warning).
            """
    )

    @OptionGroup var config: ConfigOption

    @Flag(help: "Run one cycle, store it, and exit (tests, cron); the API is not started.")
    var once = false

    @Flag(
        name: .customLong("dry-run"),
        help: "Compute and audit every control decision but write nothing to any device.")
    var dryRun = false

    func run() async throws {
        let settings = try config.load()
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        let logger = Logger(label: "fleet-agent")
        do {
            try await AgentRuntime.run(
                config: settings, cycles: once ? 1 : nil, serveAPI: !once, dryRun: dryRun, logger: logger,
                onListening: { port in logger.notice("API listening on \(settings.http.listen) (port \(port))") })
        } catch let error as AgentRuntime.StartError {
            throw CommandFailure(description: error.description)
        }
    }
}
