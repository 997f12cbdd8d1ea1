/// The plan's rules and circuits made quick to look up for thousands of devices: each pattern is only tried on ids
/// that start with its literal prefix (the text before its first `*` or `?`), found by one dictionary lookup per
/// distinct prefix length. The answers are `SitePlan.rule(for:)`'s and `SitePlan.circuitIndex(of:)`'s.
struct PlanIndex {
    let plan: SitePlan
    /// Circuit patterns by literal prefix length, then prefix: (circuit index, pattern).
    private var circuits: [(length: Int, byPrefix: [Substring: [(Int, DeviceGlob)]])] = []

    init(_ plan: SitePlan) {
        self.plan = plan
        var byLength: [Int: [Substring: [(Int, DeviceGlob)]]] = [:]
        for (index, circuit) in plan.circuits.enumerated() {
            for glob in circuit.devices {
                let prefix = glob.literalPrefix
                byLength[prefix.utf8.count, default: [:]][prefix, default: []].append((index, glob))
            }
        }
        circuits = byLength.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The first circuit whose patterns match the id `text`.
    func circuitIndex(of text: String) -> Int? {
        guard !circuits.isEmpty else { return nil }
        let folded = DeviceGlob.folded(text)
        var found: Int?
        for (length, byPrefix) in circuits {
            guard let candidates = byPrefix[Substring(folded.utf8.prefix(length))] else { continue }
            for (index, glob) in candidates where index < (found ?? .max) && glob.matches(text) { found = index }
        }
        return found
    }

    /// The first rule that covers `device`, whose id text is `text`.
    func rule(for device: InventoryDevice, text: String) -> (index: Int, rule: DeviceRule)? {
        for (index, rule) in plan.devices.enumerated() where rule.matches(device, idText: text) {
            return (index, rule)
        }
        return nil
    }
}
