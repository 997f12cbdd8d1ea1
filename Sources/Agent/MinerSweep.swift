import FleetCore
import MinerRPC
import Miners

/// Reads many miners concurrently and returns their readings in the order given. One sweep serves every call, so
/// repeated reads (the demo's and the poll loop's cycles) keep each miner's detected family and join refusals
/// instead of finding them out again.
public struct MinerSweep: Sendable {
    private let reader: MinerReader

    public init(client: CGMinerClient, host: String) {
        self.reader = MinerReader(client: client, host: host)
    }

    /// How many reads run at once: wide, since a dead miner holds its slot for its whole deadline. Sockets are
    /// counted by the client's permits (from the open-file limit), so a big sweep never fails miners for want of
    /// one; half as many reads as permits leaves room for reads that ask several commands at once.
    public var width: Int { max(1, reader.client.sockets.count / 2) }

    /// One reading per address, in order; never throws (failures are the readings' status).
    public func read(_ addresses: [MinerAddress]) async -> [Reading] {
        let reader = self.reader
        return await BoundedSweep.run(addresses, maxConcurrent: width) { await reader.read($0) }
    }
}
