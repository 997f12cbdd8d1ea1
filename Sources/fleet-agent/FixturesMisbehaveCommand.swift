import ArgumentParser
import Foundation
import MinerRPC
import Replay

/// `fleet-agent fixtures misbehave BEHAVIOR`: SYNTHETIC miners that fail the way real ones do (hang, drip, endless
/// replies, ...), for load and failure tests of the read path.
struct FixturesMisbehaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "misbehave",
        abstract: "Serve SYNTHETIC misbehaving miners (one port each on 127.0.0.1) until stopped."
    )

    @Argument(help: "One of: \(Misbehavior.allCases.map(\.rawValue).joined(separator: ", ")).")
    var behavior: String

    @Option(help: "How many such miners.")
    var count: Int = 1

    @Option(name: .customLong("addresses-out"), help: "Write 'HOST:PORT<TAB>behavior' lines here once all listen.")
    var addressesOut: String?

    func validate() throws {
        guard Misbehavior(rawValue: behavior) != nil else {
            throw ValidationError(
                "unknown behavior '\(behavior)'; use one of \(Misbehavior.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard (1...60_000).contains(count) else { throw ValidationError("--count must be between 1 and 60000") }
    }

    func run() async throws {
        AgentLogging.bootstrap()
        _ = FileDescriptorLimit.raiseToHardLimit()
        guard let misbehavior = Misbehavior(rawValue: behavior) else { throw ValidationError("unknown behavior") }
        var servers: [MisbehavingMinerServer] = []
        servers.reserveCapacity(count)
        for _ in 0..<count { servers.append(try await MisbehavingMinerServer.start(misbehavior)) }
        let lines = servers.map { "127.0.0.1:\($0.port)\t\(behavior)" }
        if let addressesOut {
            try (lines.joined(separator: "\n") + "\n").write(toFile: addressesOut, atomically: true, encoding: .utf8)
        }
        print("serving \(count) SYNTHETIC '\(behavior)' miners")
        fflush(nil)
        try await waitForever()
    }
}
