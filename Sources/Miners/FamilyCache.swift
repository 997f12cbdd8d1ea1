import FleetCore
import MinerRPC

/// Remembers the family detected for each miner address, so a poll whose identity replies are missing (version
/// refused, stats down) still normalizes with the family seen before instead of flapping to "not recognised", and so
/// the next poll can ask the family's commands in its first joined request.
actor FamilyCache {
    private struct Entry {
        var family: any MinerFamily.Type
        /// False after a poll that asked the family's commands got no answer: the next poll starts from the base
        /// commands, in case the wider join is what the miner cannot take.
        var joinsFamilyCommands: Bool
    }

    private var entries: [MinerAddress: Entry] = [:]
    /// Miners that refused a joined request: asked one command per connection from then on, so that each read does
    /// not pay for the refused join again. Forgotten when the agent restarts (a firmware upgrade may add joins).
    private var joinRefusers: Set<MinerAddress> = []
    /// The id (MAC or serial) each address last named itself by.
    private var identities: [MinerAddress: DeviceID] = [:]

    /// The id for a reading of `address` whose replies named `found`: a reading that named the miner is remembered
    /// and kept; one that could not (`found` is the address's own id: no answer, or no identity in what came) keeps
    /// the id the miner last named itself by, so a miner that times out stays the same device in the ledger instead
    /// of appearing as a second one for a cycle.
    func identity(_ found: DeviceID, endpoint: DeviceID, for address: MinerAddress) -> DeviceID {
        guard found == endpoint else {
            identities[address] = found
            return found
        }
        return identities[address] ?? found
    }

    func refusesJoins(_ address: MinerAddress) -> Bool { joinRefusers.contains(address) }

    func rememberJoinRefusal(_ address: MinerAddress) { joinRefusers.insert(address) }

    /// The family last detected at `address`, for normalizing a poll that cannot tell.
    func family(for address: MinerAddress) -> (any MinerFamily.Type)? { entries[address]?.family }

    /// The family whose commands the next poll of `address` may ask in its first joined request.
    func familyToJoin(for address: MinerAddress) -> (any MinerFamily.Type)? {
        entries[address].flatMap { $0.joinsFamilyCommands ? $0.family : nil }
    }

    func remember(_ family: any MinerFamily.Type, for address: MinerAddress) {
        entries[address] = Entry(family: family, joinsFamilyCommands: true)
    }

    /// The next poll of `address` asks the base commands first again; the family is kept for normalization.
    func stopJoining(_ address: MinerAddress) { entries[address]?.joinsFamilyCommands = false }
}
