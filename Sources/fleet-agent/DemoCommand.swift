import Agent
import ArgumentParser
import Foundation
import Logging
import MinerRPC

/// `fleet-agent demo`: the agent against the bundled demo site's fixtures, with live output (`DemoAgent`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the agent on the demo site's fixtures (miners, FakeNVML GPUs): readings and power control.",
        discussion: """
            The site's plan drops the budget a minute after the start for two minutes: the fixture miners curtail \
            while the firm GPUs hold, then recover. No hardware is touched. The ledger is kept in a temporary \
            folder, removed when the demo ends; the HTTP API listens on a free loopback port, printed at start. \
            Ctrl-C stops it (every device restored first).
            """
    )

    @Option(help: "The fixtures folder (default: ./Fixtures, or the one installed beside the binary).")
    var fixtures: String?

    @Option(help: "Seconds between two cycles (0.001 to 86400).")
    var interval: Double = 5

    @Option(help: "Stop after this many cycles (default: run until Ctrl-C).")
    var cycles: Int?

    @Flag(help: "Print one JSON reading per line instead of a table.")
    var json = false

    func validate() throws {
        _ = try Self.period(interval)
        if let cycles, cycles < 1 { throw ValidationError("--cycles must be at least 1") }
    }

    func run() async throws {
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        do {
            try await DemoAgent.run(
                .init(fixtures: fixtures, interval: try Self.period(interval), cycles: cycles, json: json),
                logger: Logger(label: "fleet-agent"))
        } catch let error as AgentRuntime.StartError {
            throw CommandFailure(description: error.description)
        }
    }

    /// `--interval` as a period: more than nothing (1 ms), at most a day.
    private static func period(_ seconds: Double) throws(ValidationError) -> Duration {
        try SecondsOption.duration(seconds, option: "--interval", range: 0.001...86400)
    }
}
