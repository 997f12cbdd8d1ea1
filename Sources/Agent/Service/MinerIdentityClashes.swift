import FleetCore
import Logging
import MinerRPC
import Synchronization

/// Miners that report the same MAC or serial from different addresses (cloned control boards and images do) would
/// be one device to the ledger, which refuses a cycle holding two readings of one device. Once such a clash is seen,
/// every miner reporting that id is identified by its address instead (`asic:host:port`, as a miner that names
/// itself by nothing better is), for as long as the agent runs, so their energy is kept apart and the rest of the
/// cycle is stored.
final class MinerIdentityClashes: Sendable {
    private let clashing = Mutex<Set<DeviceID>>([])
    private let logger: Logger

    init(logger: Logger = Logger(label: "fleet-agent.cycle")) {
        self.logger = logger
    }

    /// `readings[i]` is the reading of `addresses[i]` (each address once); the readings with clashing ids
    /// re-identified by their address.
    func resolve(_ readings: [Reading], addresses: [MinerAddress]) -> [Reading] {
        var counts: [DeviceID: Int] = [:]
        for reading in readings { counts[reading.device, default: 0] += 1 }
        let found = counts.filter { $0.value > 1 }.map(\.key)
        let (all, fresh) = clashing.withLock { clashing in
            (clashing.union(found), found.filter { clashing.insert($0).inserted })
        }
        for id in fresh {
            let places = readings.filter { $0.device == id }.map { VisibleText.escaping($0.address) }
            let named =
                places.prefix(5).joined(separator: ", ") + (places.count > 5 ? " and \(places.count - 5) more" : "")
            logger.warning(
                "\(places.count) miners (\(named)) all report \(id); each is identified by its address from now on")
        }
        guard !all.isEmpty else { return readings }
        return zip(readings, addresses).map { reading, address in
            var reading = reading
            if all.contains(reading.device) {
                reading.device = .asic(endpoint: MinerAddress(host: address.host, port: address.port).original)
            }
            return reading
        }
    }
}
