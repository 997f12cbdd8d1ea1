import FleetCore
import Foundation
import MinerRPC
import Testing

@testable import Miners

/// Loads `Fixtures/miners/<folder>/` and answers commands the way the recorded miner would, without a socket: each
/// recorded file is decoded with `CGMinerDecoder`; a command that was not recorded gets the `E` / Code 14
/// `Invalid command` failure that cgminer (and the replay server) gives an unknown command.
struct FixtureMinerReplies {
    static let minersRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/miners")

    let folder: String
    /// What the recorded miner answers, per command.
    var answers: [String: Result<CGMinerReply, CGMinerError>] = [:]

    /// Loads the folder's `fixture.json`; `overriding` swaps in other recorded files of any folder
    /// (`["stats": "stats.really-cold.json"]` or `["status": "../whatsminer-m31s-btminer/status.sleeping.json"]`).
    init(_ folder: String, overriding: [String: String] = [:]) throws {
        self.folder = folder
        let manifestURL = Self.minersRoot.appendingPathComponent(folder).appendingPathComponent("fixture.json")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifestURL))
        for (command, file) in manifest.commands.merging(manifest.errors, uniquingKeysWith: { a, _ in a }) {
            answers[command] = try Self.decode(command, folder: folder, file: file)
        }
        for (joined, file) in manifest.joined {
            let commands = joined.split(separator: "+").map(String.init)
            let bytes = try Self.bytes(folder: folder, file: file)
            answers.merge(CGMinerDecoder.decodeJoined(commands: commands, bytes: bytes)) { a, _ in a }
        }
        for (command, file) in overriding {
            answers[command] = try Self.decode(command, folder: folder, file: file)
        }
    }

    static func bytes(folder: String, file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: minersRoot.appendingPathComponent(folder).appendingPathComponent(file)))
    }

    /// The decoder's result for one recorded file.
    static func decode(_ command: String, folder: String, file: String) throws -> Result<CGMinerReply, CGMinerError> {
        let bytes = try bytes(folder: folder, file: file)
        do {
            return .success(try CGMinerDecoder.decode(command: command, bytes: bytes))
        } catch let error as CGMinerError {
            return .failure(error)
        }
    }

    /// The answers to `commands`, as `CGMinerClient.read` would return them.
    func read(_ commands: [String]) -> MinerReplies {
        var results: [String: Result<CGMinerReply, CGMinerError>] = [:]
        for command in commands {
            results[command] =
                answers[command]
                ?? .failure(.firmwareStatus(command: command, letter: "E", code: 14, message: "Invalid command"))
        }
        return MinerReplies(results)
    }

    /// What `MinerReader` reads from this miner: the base commands, `devdetails` when undetected, then the
    /// detected family's extra commands.
    func poll(base: [String] = ["version", "summary", "stats", "pools"]) -> (MinerReplies, (any MinerFamily.Type)?) {
        var replies = read(base)
        var family = MinerFamilies.detect(replies)
        if family == nil {
            replies = replies.merging(read(["devdetails"]))
            family = MinerFamilies.detect(replies)
        }
        if let family { replies = replies.merging(read(family.extraCommands)) }
        return (replies, family)
    }

    /// The normalized reading of one poll, with the fixed time/host/address of `Self.blankReading`.
    func reading() -> Reading {
        let (replies, family) = poll()
        var reading = Self.blankReading()
        MinerFamilies.normalize(replies, into: &reading, family: family)
        return reading
    }

    static let fallbackDevice = "asic:10.0.0.1:4028"

    static func blankReading() -> Reading {
        Reading(
            time: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000), host: "test-host", device: fallbackDevice,
            kind: .asic, address: "10.0.0.1:4028")
    }

    private struct Manifest: Decodable {
        var commands: [String: String]
        var joined: [String: String]
        var errors: [String: String]
    }
}

/// `actual` within a relative 1e-9 of `expected` (hashrates are products of decimal fractions and powers of ten).
func close(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= max(abs(expected), 1) * 1e-9
}

/// Element-wise `close`.
func close(_ actual: [Double]?, _ expected: [Double]) -> Bool {
    guard let actual, actual.count == expected.count else { return false }
    return zip(actual, expected).allSatisfy { close($0, $1) }
}
