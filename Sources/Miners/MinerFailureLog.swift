import FleetCore
import Logging
import MinerRPC
import Synchronization

/// Logs a broken miner's failures so that a thousand dead miners do not drown the journal: a warning the first
/// time a miner fails, then at most one reminder per `interval` while it keeps failing (with how many reads failed
/// since), and a notice when it reads well again. Text from the miner is made visible (`VisibleText`), never raw.
public final class MinerFailureLog: Sendable {
    /// Time between two reminders about one miner that keeps failing.
    public let interval: Duration
    private let logger: Logger
    private let clock = ContinuousClock()

    private struct Failing {
        var since: ContinuousClock.Instant
        var lastLogged: ContinuousClock.Instant
        var failuresSinceLogged: Int
        var total: Int
    }

    private let failing = Mutex<[MinerAddress: Failing]>([:])

    public init(interval: Duration = .seconds(600), logger: Logger = Logger(label: "fleet-agent.miners")) {
        self.interval = interval
        self.logger = logger
    }

    /// Records the outcome of one read of `address`, logging as described above.
    public func record(_ reading: Reading, at address: MinerAddress) {
        let now = clock.now
        let metadata: Logger.Metadata = ["miner": "\(VisibleText.escaping(address.original))"]
        guard reading.status == .error || reading.status == .unreachable else {
            guard let was = failing.withLock({ $0.removeValue(forKey: address) }) else { return }
            logger.notice(
                "miner reads again after \(was.total) failed read\(was.total == 1 ? "" : "s")",
                metadata: metadata)
            return
        }
        let what = VisibleText.escaping("\(reading.status.rawValue): \(reading.error ?? "no reason given")")
        let action = failing.withLock { table -> (first: Bool, repeated: Int)? in
            guard var entry = table[address] else {
                table[address] = Failing(since: now, lastLogged: now, failuresSinceLogged: 0, total: 1)
                return (true, 0)
            }
            entry.total += 1
            entry.failuresSinceLogged += 1
            defer { table[address] = entry }
            guard now - entry.lastLogged >= interval else { return nil }
            let repeated = entry.failuresSinceLogged
            entry.lastLogged = now
            entry.failuresSinceLogged = 0
            return (false, repeated)
        }
        guard let action else { return }
        if action.first {
            logger.warning("miner failed: \(what)", metadata: metadata)
        } else {
            logger.warning(
                "miner still failing (\(action.repeated) more failed reads since the last message): \(what)",
                metadata: metadata)
        }
    }
}
