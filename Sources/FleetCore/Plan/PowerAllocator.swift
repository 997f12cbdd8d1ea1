/// Allocation (DESIGN "Site plan"): the host's budget at one instant shared among its devices, pure.
///
/// 1. What cannot be lowered is reserved first: the draw of devices without a control path or a rule, the floors of
///    firm devices, the minimums of flexible devices that cannot sleep. Where that exceeds the budget or a circuit,
///    the violation is reported and nothing more is given there.
/// 2. Firm devices are raised from their floors toward their allowance (the least of the plan's cap, their maximum
///    and their circuit's limit) together and proportionally: each gets `floor + f × (allowance − floor)` with one
///    factor `f` per circuit, the largest that the circuit and the budget can carry (the budget's share is split so
///    that the circuits with room get the same factor). A discrete firm device takes its highest step under that.
/// 3. Flexible devices take what is left one by one, by priority (1 first; none after any; then the rule's order,
///    then the device id): as much of their allowance as the budget and their circuit have left; a discrete device
///    its highest step that fits; a device whose lowest running setting does not fit is slept.
///
/// Nothing set is ever above the budget, a circuit's continuous limit (80 % of its breaker rating), the device's
/// maximum or the plan's cap, except where step 1 reported a violation.
public enum PowerAllocator {
    /// Allocates `plan`'s budget at `time` among the devices of `inventory`.
    public static func allocate(plan: SitePlan, inventory: DeviceInventory, at time: Timestamp) -> Allocation {
        let budget = max(0, plan.budgetW(at: time))
        let index = PlanIndex(plan)
        let bounds = inventory.devices.map { DeviceBounds(device: $0, index: index) }
        var violations = bounds.compactMap(\.violation)
        // 1. Reservations.
        var left = budget
        var circuitLeft = plan.circuits.map(\.continuousLimitW)
        var circuitNeed = [Double](repeating: 0, count: plan.circuits.count)
        for b in bounds {
            left -= b.mandatoryW
            if let c = b.circuit { circuitNeed[c] += b.mandatoryW }
        }
        if left < 0 {
            violations.insert(.budget(neededW: budget - left, budgetW: budget), at: 0)
            left = 0
        }
        for c in circuitLeft.indices {
            circuitLeft[c] -= circuitNeed[c]
            if circuitLeft[c] < 0 {
                violations.append(
                    .circuit(
                        name: plan.circuits[c].name, neededW: circuitNeed[c],
                        limitW: plan.circuits[c].continuousLimitW))
                circuitLeft[c] = 0
            }
        }
        var settings = bounds.map { initialSetting($0) }
        // 2. Firm devices, together.
        let factors = firmFactors(bounds, left: left, circuitLeft: circuitLeft)
        for (i, b) in bounds.enumerated() where b.isFirm {
            if case .fixed = b.range { continue }
            let factor = factors[b.circuit.map { $0 + 1 } ?? 0]
            let setting = run(b, atMost: b.lowW + factor * (b.highW - b.lowW)) ?? settings[i].setting
            let extra = watts(setting) - b.mandatoryW
            left -= extra
            if let c = b.circuit { circuitLeft[c] -= extra }
            let reason: DecisionReason =
                factor >= 1 || b.highW <= b.lowW
                ? .full(upperW: b.highW) : .firmLowered(upperW: b.highW, floorW: b.lowW)
            settings[i] = (setting, b.violation == nil ? reason : settings[i].reason)
        }
        // 3. Flexible devices, by priority.
        for i in flexibleOrder(bounds) {
            let b = bounds[i]
            switch b.range {
            case .fixed, .asleep: continue
            case .continuous, .steps: break
            }
            let room = max(0, min(left, b.circuit.map { circuitLeft[$0] } ?? .infinity))
            guard let setting = run(b, atMost: b.mandatoryW + room) else {
                settings[i] = (.sleep, .sleptNoShare(neededW: b.lowW, leftW: room))
                continue
            }
            let extra = watts(setting) - b.mandatoryW
            left -= extra
            if let c = b.circuit { circuitLeft[c] -= extra }
            let reason: DecisionReason =
                watts(setting) >= b.highW ? .full(upperW: b.highW) : .share(priority: b.rule?.priority, upperW: b.highW)
            settings[i] = (setting, b.violation == nil ? reason : settings[i].reason)
        }
        let decisions = bounds.indices.map { i in
            PowerDecision(
                device: bounds[i].device.id, loadClass: bounds[i].rule?.loadClass, setting: settings[i].setting,
                countedW: counted(bounds[i], settings[i].setting), reason: settings[i].reason,
                tenant: bounds[i].rule?.tenant)
        }
        return Allocation(time: time, budgetW: budget, decisions: decisions, violations: violations)
    }

    /// The setting before anything is shared: reserved minimums, asleep otherwise.
    private static func initialSetting(_ b: DeviceBounds) -> (setting: PowerSetting, reason: DecisionReason) {
        switch b.range {
        case .fixed(_, let reason): return (.uncontrolled, reason)
        case .asleep(let reason): return (.sleep, reason)
        case .continuous(let low, _):
            let reason: DecisionReason =
                b.violation.map { _ in .clampedToMinimum(minimumW: low, upperW: low) }
                ?? .sleptNoShare(neededW: low, leftW: 0)
            if b.mandatoryW > 0 || b.isFirm { return (.limit(low), aboveCap(b) ?? reason) }
            return (.sleep, reason)
        case .steps(let steps):
            if b.mandatoryW > 0 || b.isFirm {
                return (.step(steps[0]), aboveCap(b) ?? .sleptNoShare(neededW: steps[0].watts, leftW: 0))
            }
            return (.sleep, .sleptNoShare(neededW: steps[0].watts, leftW: 0))
        }
    }

    private static func aboveCap(_ b: DeviceBounds) -> DecisionReason? {
        guard case .aboveCap(_, let minimum, let upper)? = b.violation else { return nil }
        return .clampedToMinimum(minimumW: minimum, upperW: upper)
    }

    /// The highest running setting of `b` at or under `watts`; nil when even its lowest is above it (or it only
    /// counts).
    private static func run(_ b: DeviceBounds, atMost watts: Double) -> PowerSetting? {
        switch b.range {
        case .fixed, .asleep: return nil
        case .continuous(let low, let high):
            guard watts >= low, watts > 0 else { return nil }
            return .limit(min(high, watts))
        case .steps(let steps):
            return DeviceBounds.step(steps, atMost: watts).map(PowerSetting.step)
        }
    }

    private static func watts(_ setting: PowerSetting) -> Double {
        switch setting {
        case .limit(let w): w
        case .step(let step): step.watts
        case .sleep, .uncontrolled: 0
        }
    }

    private static func counted(_ b: DeviceBounds, _ setting: PowerSetting) -> Double {
        if case .fixed(let countedW, _) = b.range { return countedW }
        return watts(setting)
    }

    /// Flexible devices in the order they are served (the bounds are in device-id order already).
    private static func flexibleOrder(_ bounds: [DeviceBounds]) -> [Int] {
        var keys: [(priority: Int, rule: Int, index: Int)] = []
        keys.reserveCapacity(bounds.count)
        for (index, b) in bounds.enumerated() where b.rule?.loadClass == .flexible {
            keys.append((b.rule?.priority ?? Int.max, b.ruleIndex, index))
        }
        keys.sort { ($0.priority, $0.rule, $0.index) < ($1.priority, $1.rule, $1.index) }
        return keys.map(\.index)
    }
}
