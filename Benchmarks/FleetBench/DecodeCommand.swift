import ArgumentParser
import Foundation
import MinerRPC
import Replay

/// Decode alone, without sockets: the joined reply a fixture miner serves, decoded over and over.
struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time CGMinerDecoder.decodeJoined on each fixture folder's joined reply; one JSON line per folder."
    )

    @Argument(help: "Fixture folders (Fixtures/miners/<model>-<firmware>).")
    var folders: [String]

    @Option(help: "The joined command to decode.")
    var command = "summary+stats+pools"

    @Option(help: "Decodes per folder.")
    var iterations = 2000

    @Option(help: "Also write each folder's reply bytes to DIR/<fixture>.bin (for pyasic_decode.py).")
    var dump: String?

    func run() async throws {
        let commands = command.split(separator: "+").map(String.init)
        for folder in folders {
            let miner = try FixtureMiner(folder: folder)
            let bytes = miner.reply(to: command)
            if let dump {
                try Data(bytes).write(to: URL(fileURLWithPath: dump).appendingPathComponent(miner.name + ".bin"))
            }
            var ok = 0
            let start = ResourceUsage.now()
            let clock = ContinuousClock()
            let began = clock.now
            for _ in 0..<iterations {
                let results = CGMinerDecoder.decodeJoined(commands: commands, bytes: bytes)
                if results.values.allSatisfy({ if case .success = $0 { true } else { false } }) { ok += 1 }
            }
            let wall = (clock.now - began).seconds
            let end = ResourceUsage.now()
            let cpu = end.userSeconds - start.userSeconds + end.systemSeconds - start.systemSeconds
            let line: [String: Any] = [
                "tool": "fleet-agent", "fixture": miner.name, "bytes": bytes.count, "iterations": iterations,
                "ok": ok, "us_per_decode": (wall / Double(iterations) * 1e6).rounded(places: 1),
                "cpu_s": cpu.rounded(places: 3),
                "mb_per_s": (Double(bytes.count * iterations) / wall / 1_048_576).rounded(places: 1),
            ]
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
