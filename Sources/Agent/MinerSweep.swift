import FleetCore
import MinerRPC
import Miners

/// Reads many miners concurrently and returns their readings in the order given. One sweep serves every call, so
/// repeated reads (the demo's and the poll loop's cycles) keep each miner's detected family and join refusals
/// instead of finding them out again.
public struct MinerSweep: Sendable {
    private let reader: MinerReader
    /// How many reads of miners that answer run at once.
    public let admission: ReadAdmission

    public init(client: CGMinerClient, host: String, admission: ReadAdmission = ReadAdmission()) {
        self.reader = MinerReader(client: client, host: host)
        self.admission = admission
    }

    /// How many reads run at once: wide, since a dead miner holds its slot for its whole deadline. Sockets are
    /// counted by the client's permits (from the open-file limit), so a big sweep never fails miners for want of
    /// one; half as many reads as permits leaves room for reads that ask several commands at once.
    public var width: Int { max(1, reader.client.sockets.count / 2) }

    /// The family last detected at `address`.
    public func family(at address: MinerAddress) async -> (any MinerFamily.Type)? {
        await reader.family(at: address)
    }

    /// One reading per address, in order; never throws (failures are the readings' status). Reads are admitted
    /// through `admission`: miners that answer are read `admission.width` at a time, and a read whose miner stays
    /// quiet gives its place to the next, so dead miners wait out their deadlines side by side (up to `width`).
    public func read(_ addresses: [MinerAddress]) async -> [Reading] {
        let (reader, admission) = (self.reader, self.admission)
        return await BoundedSweep.run(addresses, maxConcurrent: width) { address in
            let ticket = await admission.admit()
            defer { ticket.release() }
            return await reader.read(address, ticket: ticket)
        }
    }
}
