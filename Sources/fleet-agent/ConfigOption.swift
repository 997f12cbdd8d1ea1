import Agent
import ArgumentParser

/// `--config FILE` of the commands that run the agent or read its ledger.
struct ConfigOption: ParsableArguments {
    @Option(help: ArgumentHelp("The agent's config file (YAML).", valueName: "file"))
    var config: String = "/etc/fleet-agent/agent.yaml"

    /// The config; every problem in it is the command's error (printed, exit 1).
    func load() throws(CommandFailure) -> AgentConfig {
        do {
            return try AgentConfig.load(path: config)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}

/// What stopped a command, for standard error (exit status 1).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
