import ArgumentParser
import FleetCore
import Foundation
import MinerRPC
import Replay

/// `fleet-agent fixtures record`: capture a real miner's replies to the read commands into a fixture folder.
struct FixturesRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a miner's replies to the read-only commands into a fixture folder (exact bytes).",
        discussion: """
            Only read commands are sent; nothing on the miner changes. Each answered command is written as \
            <command>.json (the reply's bytes without the trailing NUL), error replies other than 'invalid command' \
            are kept under 'errors', and fixture.json and SOURCE.md are written beside them.
            """
    )

    /// Read-only commands across the cgminer families (ASIC-APIS.md).
    static let readCommands = [
        "version", "devdetails", "summary", "stats", "estats", "pools", "devs", "edevs", "config", "coin",
        "fans", "temps", "tempctrl", "tunerstatus", "power", "profiles", "atm", "limits",
        "get_version", "status", "get_psu", "get_miner_info",
    ]

    @Option(help: "The miner to record, HOST[:PORT].")
    var miner: String

    @Option(help: "The fixture folder to write (created; must be empty or absent).")
    var out: String

    @Option(help: "Deadline per request, in seconds.")
    var timeout: Double = 5

    func validate() throws {
        _ = try MinerDeadline.duration(seconds: timeout)
    }

    func run() async throws {
        AgentLogging.bootstrap()
        let address: MinerAddress
        do { address = try MinerAddress(parsing: miner) } catch { throw ValidationError(error.description) }
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: out), !existing.isEmpty {
            throw ValidationError("\(out) is not empty; record into a new folder")
        }
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        let client = CGMinerClient(timeout: try MinerDeadline.duration(seconds: timeout))
        var commands: [String: String] = [:]
        var errors: [String: String] = [:]
        var unanswered: [String] = []
        var description: String?
        for command in Self.readCommands {
            let bytes: [UInt8]
            do {
                bytes = try await client.exchange(CGMinerClient.request(command), with: address)
            } catch {
                if error.isUnreachable && commands.isEmpty && command == Self.readCommands[0] {
                    throw ValidationError("\(miner): \(error)")
                }
                unanswered.append("\(command) (\(error))")
                continue
            }
            let file = "\(command).json"
            switch Result(catching: { try CGMinerDecoder.decode(command: command, bytes: bytes) }) {
            case .success(let reply):
                description = description ?? reply.status.description
                commands[command] = file
            case .failure(let error as CGMinerError) where error.firmwareCode == 14:
                unanswered.append("\(command) (invalid command)")
                continue
            case .failure(let error as CGMinerError) where error.firmwareCode != nil:
                errors[command] = file
            case .failure(let error):
                unanswered.append("\(command) (kept as recorded, does not decode: \(error))")
                commands[command] = file
            }
            try Data(bytes).write(to: URL(fileURLWithPath: out).appendingPathComponent(file))
        }
        guard !commands.isEmpty || !errors.isEmpty else {
            throw ValidationError("\(miner) answered no read command: \(unanswered.joined(separator: "; "))")
        }
        try writeManifest(commands: commands, errors: errors, description: description)
        try writeSource(address: address, commands: commands, errors: errors, unanswered: unanswered)
        print("recorded \(commands.count) replies and \(errors.count) error replies from \(miner) into \(out)")
    }

    private func writeManifest(commands: [String: String], errors: [String: String], description: String?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifest = FixtureManifest(
            description: "recorded from \(miner) (\(description ?? "unknown firmware"))", commands: commands,
            joined: [:], errors: errors, joins: true)
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: out).appendingPathComponent("fixture.json"))
    }

    private func writeSource(
        address: MinerAddress, commands: [String: String], errors: [String: String], unanswered: [String]
    ) throws {
        let text = """
            # Source

            Recorded by `fleet-agent fixtures record --miner \(miner)` on \(Timestamp.now().rfc3339).
            Each `<command>.json` holds the exact bytes the miner sent for `{"command":"<command>"}` over TCP,
            without the trailing NUL. Only read-only commands were sent.

            - answered: \(commands.keys.sorted().joined(separator: ", "))
            - error replies kept: \(errors.keys.sorted().joined(separator: ", "))
            - not answered: \(unanswered.isEmpty ? "none" : unanswered.joined(separator: "; "))

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent("SOURCE.md"))
    }
}
