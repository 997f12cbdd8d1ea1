import FleetCore
import MinerRPC
import Miners

/// Reads one miner the way the chosen mode says.
struct SweepReader: Sendable {
    static let commands = ["summary", "stats", "pools"]

    let mode: SweepMode
    let client: CGMinerClient
    let reader: MinerReader
    /// raw: whether an 'Invalid command' answer (Code 14) counts as read.
    let countUnsupported: Bool

    init(mode: SweepMode, timeout: Duration, countUnsupported: Bool = false) {
        self.mode = mode
        self.countUnsupported = countUnsupported
        self.client = CGMinerClient(timeout: timeout)
        self.reader = MinerReader(client: client, host: "fleet-bench")
    }

    func read(_ target: BenchTarget) async -> ReadOutcome {
        switch mode {
        case .raw: return await readRaw(target)
        case .reading, .polled: return await readReading(target)
        }
    }

    /// Succeeds when every command came back decoded with a success STATUS (or, with `countUnsupported`, was
    /// answered with 'Invalid command', as long as one command came back with data).
    private func readRaw(_ target: BenchTarget) async -> ReadOutcome {
        let replies = await client.read(Self.commands, from: target.address)
        if countUnsupported, !replies.values.contains(where: { (try? $0.get()) != nil }) {
            return target.failure("no command answered with data")
        }
        for command in Self.commands {
            switch replies[command] {
            case .success(let reply) where reply.status.isError:
                let message = reply.status.message ?? "no message"
                return target.failure("\(command): STATUS \(reply.status.letter) \(message)")
            case .success: continue
            case .failure(let error) where countUnsupported && error.firmwareCode == 14: continue
            case .failure(let error): return target.failure("\(command): \(error)")
            case nil: return target.failure("\(command): no reply")
            }
        }
        return ReadOutcome(error: nil, fixture: target.fixture)
    }

    /// Succeeds when the reading's status is `ok` or `sleeping`; the reading is kept, as a poll cycle keeps it.
    private func readReading(_ target: BenchTarget) async -> ReadOutcome {
        let reading = await reader.read(target.address)
        switch reading.status {
        case .ok, .sleeping: return ReadOutcome(error: nil, fixture: target.fixture, reading: reading)
        default:
            var outcome = target.failure("\(reading.status.rawValue): \(reading.error ?? "no error text")")
            outcome.reading = reading
            return outcome
        }
    }
}

extension BenchTarget {
    func failure(_ message: String) -> ReadOutcome {
        ReadOutcome(error: "\(fixture): \(message)", fixture: fixture)
    }
}
