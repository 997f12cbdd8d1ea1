import TestSupport
import Testing

@testable import FleetCore

/// Allocation's invariants over hundreds of random plans and inventories (`RandomSite`, seeded: a failure names its
/// seed, and `RandomSite(seed:)` replays it).
@Suite struct AllocationPropertyTests {
    static let seeds = Array(UInt64(1)...600)
    static let time = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test(arguments: seeds) func everyInvariantHolds(seed: UInt64) {
        let site = RandomSite(seed: seed)
        let allocation = PowerAllocator.allocate(plan: site.plan, inventory: site.inventory, at: Self.time)
        let check = AllocationInvariants(plan: site.plan, inventory: site.inventory, allocation: allocation)
        let failures = check.failures()
        #expect(failures.isEmpty, "seed \(seed): \(failures.joined(separator: "; "))")
    }

    /// The generator reaches every kind of outcome, so that the invariants are tested on each.
    @Test func outcomesAreVaried() {
        var kinds = Set<String>()
        for seed in Self.seeds {
            let site = RandomSite(seed: seed)
            let allocation = PowerAllocator.allocate(plan: site.plan, inventory: site.inventory, at: Self.time)
            for d in allocation.decisions {
                switch (d.setting, d.reason) {
                case (.limit, .firmLowered): kinds.insert("firm lowered")
                case (.limit, .share): kinds.insert("flexible share")
                case (.step, _): kinds.insert("step")
                case (.sleep, .sleptNoShare): kinds.insert("slept")
                case (.uncontrolled, .noControlPath): kinds.insert("uncontrolled")
                case (.uncontrolled, .noRule): kinds.insert("no rule")
                default: break
                }
            }
            for v in allocation.violations {
                switch v {
                case .budget: kinds.insert("budget violation")
                case .circuit: kinds.insert("circuit violation")
                case .aboveCap: kinds.insert("above cap")
                }
            }
        }
        #expect(
            kinds == [
                "firm lowered", "flexible share", "step", "slept", "uncontrolled", "no rule", "budget violation",
                "circuit violation", "above cap",
            ])
    }
}

/// Every rule DESIGN and issue 8 set for an allocation, checked from the outside where possible.
struct AllocationInvariants {
    let plan: SitePlan
    let inventory: DeviceInventory
    let allocation: Allocation

    func failures() -> [String] {
        var failures: [String] = []
        let eps = 1e-6 * max(1, allocation.budgetW)
        let decisions = allocation.decisions
        guard decisions.map(\.device) == inventory.devices.map(\.id) else { return ["not one decision per device"] }
        let overBudget = allocation.violations.contains { if case .budget = $0 { true } else { false } }
        if !overBudget, allocation.allocatedW > allocation.budgetW + eps {
            failures.append("allocated \(allocation.allocatedW) W over the budget \(allocation.budgetW) W")
        }
        for (c, circuit) in plan.circuits.enumerated() {
            let load = zip(inventory.devices, decisions).filter { plan.circuitIndex(of: $0.0.id) == c }
                .reduce(0) { $0 + $1.1.countedW }
            let reported = allocation.violations.contains {
                if case .circuit(let name, _, _) = $0 { name == circuit.name } else { false }
            }
            if !reported, load > circuit.continuousLimitW + eps {
                failures.append("circuit \(circuit.name) at \(load) W over \(circuit.continuousLimitW) W")
            }
        }
        for (device, decision) in zip(inventory.devices, decisions) {
            failures += deviceFailures(device, decision, eps: eps)
        }
        failures += priorityFailures(eps: eps)
        return failures
    }

    private func deviceFailures(_ device: InventoryDevice, _ d: PowerDecision, eps: Double) -> [String] {
        var failures: [String] = []
        let id = device.id
        let clamped = allocation.violations.contains { if case .aboveCap(id, _, _) = $0 { true } else { false } }
        let rule = plan.rule(for: device)?.rule
        if d.loadClass != rule?.loadClass { failures.append("\(id): class \(String(describing: d.loadClass))") }
        if (d.capW == nil) != (d.setting == .sleep || d.setting == .uncontrolled) { failures.append("\(id): cap_w") }
        if d.setting == .sleep, d.countedW != 0 { failures.append("\(id): asleep but counted \(d.countedW) W") }
        if d.setting == .uncontrolled, rule != nil, case .continuous = device.capability.control {
            failures.append("\(id): controllable device left uncontrolled")
        }
        if d.setting == .sleep, rule?.loadClass == .firm || !device.capability.canSleep {
            failures.append("\(id): slept though it is firm or cannot sleep")
        }
        guard let cap = d.capW else { return failures }
        if let planCap = rule?.capW, cap > planCap + eps, !clamped {
            failures.append("\(id): \(cap) W over the plan's cap \(planCap) W")
        }
        if let c = plan.circuitIndex(of: id), cap > plan.circuits[c].continuousLimitW + eps, !clamped {
            failures.append("\(id): \(cap) W over its circuit")
        }
        switch (device.capability.control, d.setting) {
        case (.continuous(let minimum, let maximum), .limit(let watts)):
            if let maximum, watts > maximum + eps, !clamped { failures.append("\(id): over its maximum") }
            if let minimum, watts < minimum - eps { failures.append("\(id): \(watts) W under its minimum") }
            if rule?.loadClass == .firm, let floor = rule?.floorW {
                let upper = min(rule?.capW ?? .infinity, maximum ?? .infinity, circuitLimit(id))
                if watts < min(floor, upper) - eps { failures.append("\(id): firm under its floor") }
            }
        case (.steps(let steps), .step(let step)):
            if !steps.contains(step) { failures.append("\(id): \(step) is not one of its steps") }
            if rule?.loadClass == .firm, let floor = rule?.floorW,
                steps.contains(where: {
                    $0.watts >= floor && $0.watts <= min(rule?.capW ?? .infinity, circuitLimit(id))
                }),
                step.watts < floor
            {
                failures.append("\(id): firm step under its floor")
            }
        default:
            failures.append("\(id): setting \(d.setting) does not fit its control")
        }
        return failures
    }

    private func circuitLimit(_ id: DeviceID) -> Double {
        plan.circuitIndex(of: id).map { plan.circuits[$0].continuousLimitW } ?? .infinity
    }

    /// A flexible device below what it could take (slept, a lower step, a lower limit) means nothing it could use
    /// was left: the budget's and its circuit's slack plus everything given to the devices served after it is less
    /// than its next increment. Firm devices lowered together share one factor per circuit.
    private func priorityFailures(eps: Double) -> [String] {
        let bounds = inventory.devices.map { DeviceBounds(device: $0, index: PlanIndex(plan)) }
        let decisions = allocation.decisions
        let order = bounds.indices.filter { bounds[$0].rule?.loadClass == .flexible }.sorted { a, b in
            let key = { (i: Int) in (bounds[i].rule?.priority ?? Int.max, bounds[i].ruleIndex) }
            return key(a) != key(b) ? key(a) < key(b) : bounds[a].device.id < bounds[b].device.id
        }
        var failures: [String] = []
        var laterGlobal = 0.0
        var laterCircuit = [Double](repeating: 0, count: plan.circuits.count)
        let slack = allocation.budgetW - allocation.allocatedW
        var circuitSlack = plan.circuits.map(\.continuousLimitW)
        for (b, d) in zip(bounds, decisions) { if let c = b.circuit { circuitSlack[c] -= d.countedW } }
        for i in order.reversed() {
            let b = bounds[i]
            let d = decisions[i]
            let avail = min(
                slack + laterGlobal, b.circuit.map { circuitSlack[$0] + laterCircuit[$0] } ?? .infinity)
            if let increment = nextIncrement(b, d), increment <= avail - eps {
                failures.append(
                    "\(b.device.id): \(avail) W it could use went to later devices (next step \(increment) W)")
            }
            let extra = d.countedW - b.mandatoryW
            laterGlobal += extra
            if let c = b.circuit { laterCircuit[c] += extra }
        }
        var factors: [Int: Double] = [:]
        for (b, d) in zip(bounds, decisions) where b.isFirm && b.violation == nil {
            guard case .continuous = b.range, let cap = d.capW, b.highW - b.lowW > 1 else { continue }
            let factor = (cap - b.lowW) / (b.highW - b.lowW)
            let group = b.circuit ?? -1
            if let seen = factors[group], abs(seen - factor) > 1e-6 {
                failures.append("\(b.device.id): firm factor \(factor), others \(seen)")
            }
            factors[group] = factor
        }
        return failures
    }

    /// The least more it would take to move `b` up one setting; nil when it is at its top or always asleep.
    private func nextIncrement(_ b: DeviceBounds, _ d: PowerDecision) -> Double? {
        switch (b.range, d.setting) {
        case (.continuous(let low, _), .sleep): return max(low, 1e-9)
        case (.continuous(_, let high), .limit(let watts)): return watts < high - 1e-9 ? 1e-9 : nil
        case (.steps(let steps), .sleep): return steps.first?.watts
        case (.steps(let steps), .step(let step)):
            return steps.first { $0.watts > step.watts }.map { $0.watts - step.watts }
        default: return nil
        }
    }
}
