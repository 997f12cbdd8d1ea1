import ArgumentParser

/// `fleet-agent`: the per-host agent of a hybrid mining / AI site.
@main
struct FleetAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet-agent",
        abstract: "Reads ASIC miners and NVIDIA GPUs on this host and normalizes every reading to one schema.",
        subcommands: [
            RunCommand.self, ProbeCommand.self, DemoCommand.self, InventoryCommand.self, GPULimitCommand.self,
            ReadingsCommand.self, EnergyCommand.self, PlanCommand.self, FixturesCommand.self,
        ]
    )

    /// Parses and runs the command line with the `probe --miner` options folded into one (`RepeatedOption`), so that
    /// thousands of them parse in linear time.
    static func main() async {
        await main(RepeatedOption.probeMiner.folded(Array(CommandLine.arguments.dropFirst())))
    }
}
