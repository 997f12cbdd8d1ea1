import MinerRPC

/// Remembers the family detected for each miner address, so a poll whose identity replies are missing (version
/// refused, stats down) still normalizes with the family seen before instead of flapping to "not recognised".
actor FamilyCache {
    private var families: [MinerAddress: any MinerFamily.Type] = [:]

    func family(for address: MinerAddress) -> (any MinerFamily.Type)? { families[address] }

    func remember(_ family: any MinerFamily.Type, for address: MinerAddress) { families[address] = family }

    func forget(_ address: MinerAddress) { families[address] = nil }
}
