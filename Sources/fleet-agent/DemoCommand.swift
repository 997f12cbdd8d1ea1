import Agent
import ArgumentParser
import FleetCore
import Foundation
import MinerRPC
import Replay

/// `fleet-agent demo`: the agent in dry-run against the bundled demo site, with live output.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the demo site's fixture miners (and FakeNVML GPUs) and show their live readings until Ctrl-C."
    )

    @Option(help: "The fixtures folder (default: ./Fixtures, or the one installed beside the binary).")
    var fixtures: String?

    @Option(help: "Seconds between two reads (0.001 to 86400).")
    var interval: Double = 5

    @Option(help: "Stop after this many reads (default: run until Ctrl-C).")
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
        let root = try FixturePaths.root(fixtures)
        let site = try DemoSite.load(root: root)
        let server = try await FixtureMinerServer.start(miners: site.miners)
        let addresses = server.endpoints.map(\.address)
        let gpus = try DemoGPUs(root: root, site: site)
        printStderr(
            "demo site: \(site.miners.count) fixture miners on \(addresses.map(\.original).joined(separator: ", "))"
                + gpus.summary + "; Ctrl-C to stop")
        let sweep = MinerSweep(client: CGMinerClient(timeout: .seconds(3)), host: "demo")
        var cycle = 0
        while cycles.map({ cycle < $0 }) ?? true {
            cycle += 1
            let started = ContinuousClock.now
            let readings = await sweep.read(addresses) + gpus.read(host: "demo")
            if json {
                for reading in readings { print(ReadingOutput.jsonLine(reading)) }
            } else {
                print("\n\(Timestamp.now().rfc3339)  cycle \(cycle)")
                print(ReadingOutput.table(readings))
            }
            fflush(nil)
            if cycles.map({ cycle >= $0 }) ?? false { break }
            let elapsed = ContinuousClock.now - started
            try await Task.sleep(for: try Self.period(interval) - elapsed)
        }
        await server.close()
    }

    /// `--interval` as a period: more than nothing (1 ms), at most a day.
    private static func period(_ seconds: Double) throws(ValidationError) -> Duration {
        try SecondsOption.duration(seconds, option: "--interval", range: 0.001...86400)
    }
}

func printStderr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
