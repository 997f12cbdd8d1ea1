import FleetCore
import Logging
import MinerRPC
import Synchronization

/// Miners that report the same MAC or serial from different addresses (cloned control boards and images do) would
/// be one device to the ledger, which refuses a cycle holding two readings of one device. Once such a clash is seen,
/// every miner reporting that id is identified by its address instead (`asic:host:port`), for as long as the agent
/// runs, so their energy is kept apart and the rest of the cycle is stored. An address listed twice is read once.
final class MinerIdentityClashes: Sendable {
    private let clashing = Mutex<Set<DeviceID>>([])
    private let logger: Logger

    init(logger: Logger = Logger(label: "fleet-agent.cycle")) {
        self.logger = logger
    }

    /// `readings[i]` is the reading of `addresses[i]`; the readings with clashing ids re-identified, and any second
    /// reading of one address dropped.
    func resolve(_ readings: [Reading], addresses: [MinerAddress]) -> [Reading] {
        // An address listed twice is one miner: its first reading stands.
        var endpoints = Set<String>()
        var unique: [(reading: Reading, endpoint: String?)] = []
        unique.reserveCapacity(readings.count)
        for (index, reading) in readings.enumerated() {
            let endpoint =
                index < addresses.count
                ? MinerAddress(host: addresses[index].host, port: addresses[index].port).original : nil
            if let endpoint, !endpoints.insert(endpoint).inserted { continue }
            unique.append((reading, endpoint))
        }
        var counts: [DeviceID: Int] = [:]
        for entry in unique { counts[entry.reading.device, default: 0] += 1 }
        let found = counts.filter { $0.value > 1 }.map(\.key)
        let (all, fresh) = clashing.withLock { clashing in
            (clashing.union(found), found.filter { clashing.insert($0).inserted })
        }
        for id in fresh {
            let places = unique.filter { $0.reading.device == id }.map { VisibleText.escaping($0.reading.address) }
            let named =
                places.prefix(5).joined(separator: ", ") + (places.count > 5 ? " and \(places.count - 5) more" : "")
            logger.warning(
                "\(places.count) miners (\(named)) all report \(id); each is identified by its address from now on")
        }
        return unique.map { entry in
            var reading = entry.reading
            if all.contains(reading.device), let endpoint = entry.endpoint {
                reading.device = .asic(endpoint: endpoint)
            }
            return reading
        }
    }
}
