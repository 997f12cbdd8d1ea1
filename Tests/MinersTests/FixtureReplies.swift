import FleetCore
import Foundation
import MinerRPC
import Replay
import TestSupport
import Testing

@testable import Miners

/// Loads `Fixtures/miners/<folder>/` through Replay's `FixtureMiner` and answers commands the way the recorded miner
/// would, without a socket: each recorded reply is decoded with `CGMinerDecoder`; a command that was not recorded gets
/// what the replay server serves for it (cgminer's `E` / Code 14 `Invalid command`).
struct FixtureMinerReplies {
    static let minersRoot = PackagePaths.fixture("miners")

    let miner: FixtureMiner
    /// What the recorded miner answers, per command.
    var answers: [String: Result<CGMinerReply, CGMinerError>] = [:]

    /// Loads the folder; `overriding` swaps in other recorded files of any folder
    /// (`["stats": "stats.really-cold.json"]` or `["status": "../whatsminer-m31s-btminer/status.sleeping.json"]`).
    init(_ folder: String, overriding: [String: String] = [:]) throws {
        miner = try FixtureMiner(folder: Self.minersRoot.appendingPathComponent(folder).path)
        for (command, bytes) in miner.replies {
            answers[command] = Self.decode(command, bytes)
        }
        for (joined, bytes) in miner.joinedReplies {
            let commands = joined.split(separator: "+").map(String.init)
            answers.merge(CGMinerDecoder.decodeJoined(commands: commands, bytes: bytes)) { a, _ in a }
        }
        for (command, file) in overriding {
            answers[command] = Self.decode(command, try Self.bytes(folder: folder, file: file))
        }
    }

    static func bytes(folder: String, file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: minersRoot.appendingPathComponent(folder).appendingPathComponent(file)))
    }

    /// The decoder's result for one reply.
    static func decode(_ command: String, _ bytes: [UInt8]) -> Result<CGMinerReply, CGMinerError> {
        Result { () throws(CGMinerError) in try CGMinerDecoder.decode(command: command, bytes: bytes) }
    }

    /// The answers to `commands`, as `CGMinerClient.read` would return them.
    func read(_ commands: [String]) -> MinerReplies {
        var results: [String: Result<CGMinerReply, CGMinerError>] = [:]
        for command in commands {
            results[command] = answers[command] ?? Self.decode(command, miner.reply(to: command))
        }
        return MinerReplies(results)
    }

    /// What `MinerReader` reads from this miner on a first poll (its own `poll`, asking this recorded miner), and
    /// the family it normalizes with.
    func poll() async -> (MinerReplies, (any MinerFamily.Type)?) {
        let reader = MinerReader(client: Self.client, host: "test-host")
        return await reader.poll(MinerAddress(host: "10.0.0.1")) { read($0) }
    }

    /// Never connects: `poll` asks the recorded miner instead.
    private static let client = CGMinerClient(timeout: .seconds(5))

    /// The normalized reading of one poll, with the fixed time/host/address of `Self.blankReading`.
    func reading() async -> Reading {
        let (replies, family) = await poll()
        var reading = Self.blankReading()
        MinerFamilies.normalize(replies, into: &reading, family: family)
        return reading
    }

    static let fallbackDevice = DeviceID.asic(endpoint: "10.0.0.1:4028")

    static func blankReading() -> Reading {
        Reading(
            time: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000), host: "test-host", device: fallbackDevice,
            kind: .asic, address: "10.0.0.1:4028")
    }
}

/// `actual` within a relative 1e-9 of `expected` (hashrates are products of decimal fractions and powers of ten).
func close(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= max(abs(expected), 1) * 1e-9
}
