import ArgumentParser

/// `fleet-bench`: measurements of the agent's hot paths against fixture miners on loopback.
@main
struct FleetBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet-bench",
        abstract: "Benchmarks of fleet-agent against fixture miners on loopback.",
        subcommands: [SweepCommand.self, DecodeCommand.self]
    )
}
