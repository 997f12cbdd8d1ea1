import ArgumentParser
import Foundation
import MinerRPC
import Replay

/// `fleet-agent fixtures`: replay recorded miners over TCP, or record a real one.
struct FixturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Serve recorded miners over real TCP, or record a miner into a fixture folder.",
        subcommands: [FixturesServeCommand.self, FixturesRecordCommand.self, FixturesMisbehaveCommand.self]
    )
}

struct FixturesServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve fixture miners over TCP exactly as recorded (with the NUL), one address per miner, until stopped."
    )

    @Argument(help: "Fixture folders (Fixtures/miners/<model>-<firmware>).")
    var folders: [String]

    @Option(
        help: "First port: miners listen on PORT, PORT+1, ... (0: any free port). With --loopback-hosts, the one port.")
    var port: Int?

    @Flag(name: .customLong("loopback-hosts"), help: "Put each miner on its own loopback address (127.1.0.1, ...).")
    var loopbackHosts = false

    @Option(help: "Serve each folder this many times (load tests).")
    var copies: Int = 1

    @Option(name: .customLong("addresses-out"), help: "Write 'HOST:PORT<TAB>fixture' lines here once all listen.")
    var addressesOut: String?

    @Option(
        name: .customLong("reply-delay"),
        help: "Seconds each reply waits before it is sent: a slow miner API (SYNTHETIC timing, recorded bytes).")
    var replyDelay: Double = 0

    @Flag(name: .customLong("no-joins"), help: "Refuse joined commands (Code 14), as firmware without joins does.")
    var noJoins = false

    func validate() throws {
        guard copies >= 1 else { throw ValidationError("--copies must be at least 1") }
        guard replyDelay.isFinite, (0...600).contains(replyDelay) else {
            throw ValidationError("--reply-delay must be between 0 and 600 seconds")
        }
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0-65535") }
    }

    func run() async throws {
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        var miners: [FixtureMiner] = []
        for folder in folders {
            do {
                let miner = try FixtureMiner(folder: folder)
                miners.append(noJoins ? miner.refusingJoins() : miner)
            } catch {
                throw ValidationError("cannot serve \(folder): \(error)")
            }
        }
        let all = (0..<copies).flatMap { _ in miners }
        let layout: FixtureMinerServer.Layout =
            loopbackHosts ? .loopbackHosts(port: port ?? 4028) : .consecutivePorts(firstPort: port ?? 0)
        let server = try await FixtureMinerServer.start(
            miners: all, layout: layout, replyDelay: .milliseconds(Int64((replyDelay * 1000).rounded())))
        let lines = server.endpoints.map { "\($0.address.original)\t\($0.fixture)" }
        if let addressesOut {
            // Atomically: readers wait for the file to appear whole.
            try (lines.joined(separator: "\n") + "\n").write(toFile: addressesOut, atomically: true, encoding: .utf8)
        }
        if lines.count <= 50 {
            for line in lines { print(line) }
        } else {
            print("serving \(lines.count) fixture miners, \(lines.first ?? "") ... \(lines.last ?? "")")
        }
        fflush(nil)
        try await waitForever()
    }
}

/// Sleeps until the process is stopped (SIGINT / SIGTERM end it).
func waitForever() async throws {
    while true { try await Task.sleep(for: .seconds(3600)) }
}
