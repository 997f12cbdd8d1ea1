/// One device as allocation works with it: its rule and circuit, the range it may be set within, and the watts that
/// must be reserved for it whatever the budget (`mandatoryW`). Built by `init(device:plan:)`, shared by allocation
/// and the plan's checks against an inventory. A class: allocation passes over thousands of them several times, and
/// a reference is one retain where a copy of the struct was one per field.
final class DeviceBounds {
    enum Range {
        /// Counted at `countedW`, never set.
        case fixed(countedW: Double, reason: DecisionReason)
        /// Any limit from `lowW` to `highW`.
        case continuous(lowW: Double, highW: Double)
        /// These steps, ascending, the first being the lowest it may run at.
        case steps([PowerStep])
        /// Always asleep.
        case asleep(DecisionReason)
    }

    let device: InventoryDevice
    let ruleIndex: Int
    let rule: DeviceRule?
    let circuit: Int?
    let range: Range
    /// The least it may run at when running; the most it may be given.
    let lowW: Double
    let highW: Double
    /// Watts reserved before anything is shared: uncontrolled draw, firm floors, minimums of what cannot sleep.
    let mandatoryW: Double
    /// Set when it is held at a minimum above its allowance.
    private(set) var violation: AllocationViolation?

    var isFirm: Bool { rule?.loadClass == .firm }

    init(device: InventoryDevice, index: PlanIndex) {
        self.device = device
        let plan = index.plan
        let text = device.id.description
        let found = index.rule(for: device, text: text)
        rule = found?.rule
        ruleIndex = found?.index ?? Int.max
        let circuit = index.circuitIndex(of: text)
        self.circuit = circuit
        guard let rule = found?.rule else {
            range = .fixed(countedW: device.drawW ?? 0, reason: .noRule(countedW: device.drawW))
            (lowW, highW, mandatoryW) = (0, 0, device.drawW ?? 0)
            return
        }
        let firm = rule.loadClass == .firm
        let canSleep = device.capability.canSleep && !firm
        let planUpper = min(rule.capW ?? .infinity, circuit.map { plan.circuits[$0].continuousLimitW } ?? .infinity)
        let floor = max(0, rule.floorW ?? 0)
        switch device.capability.control {
        case .none(let why):
            range = .fixed(countedW: device.drawW ?? 0, reason: .noControlPath(why, countedW: device.drawW))
            (lowW, highW, mandatoryW) = (0, 0, device.drawW ?? 0)
        case .continuous(let minW, let maxW):
            let minimum = max(0, minW ?? 0)
            var high = min(planUpper, maxW ?? .infinity)
            // Neither the plan, the device nor a circuit bounds it: the limit in force (else its draw) stands in for
            // its maximum, raised to its floor.
            if !high.isFinite { high = max(device.limitW ?? device.drawW ?? 0, floor, minimum) }
            if minimum > high {
                if canSleep {
                    range = .asleep(.sleptAboveCap(lowestW: minimum, upperW: high))
                    (lowW, highW, mandatoryW) = (minimum, high, 0)
                } else {
                    self.violation = .aboveCap(device: device.id, minimumW: minimum, upperW: high)
                    range = .continuous(lowW: minimum, highW: minimum)
                    (lowW, highW, mandatoryW) = (minimum, minimum, minimum)
                }
                return
            }
            let low = min(max(minimum, floor), high)
            range = .continuous(lowW: low, highW: high)
            (lowW, highW) = (low, high)
            mandatoryW = canSleep ? 0 : low
        case .steps(let steps):
            // (Most devices fit whole: no copies then.)
            let runnable =
                steps.last.map { $0.watts <= planUpper } ?? true ? steps : steps.filter { $0.watts <= planUpper }
            guard let lowest = steps.first else {
                if canSleep {
                    range = .asleep(.settingsUnknown)
                } else {
                    range = .fixed(countedW: device.drawW ?? 0, reason: .settingsUnknown)
                }
                (lowW, highW, mandatoryW) = (0, 0, canSleep ? 0 : device.drawW ?? 0)
                return
            }
            guard let top = runnable.last else {
                if canSleep {
                    range = .asleep(.sleptAboveCap(lowestW: lowest.watts, upperW: planUpper))
                    (lowW, highW, mandatoryW) = (lowest.watts, planUpper, 0)
                } else {
                    self.violation = .aboveCap(device: device.id, minimumW: lowest.watts, upperW: planUpper)
                    range = .steps([lowest])
                    (lowW, highW, mandatoryW) = (lowest.watts, lowest.watts, lowest.watts)
                }
                return
            }
            let usable = runnable[0].watts >= floor ? runnable : runnable.filter { $0.watts >= floor }
            let chosen = usable.isEmpty ? [top] : usable
            range = .steps(chosen)
            (lowW, highW) = (chosen[0].watts, top.watts)
            mandatoryW = canSleep ? 0 : chosen[0].watts
        }
    }

    /// The highest of `steps` at or under `watts` (a little rounding allowed), nil when none is.
    static func step(_ steps: [PowerStep], atMost watts: Double) -> PowerStep? {
        steps.last { $0.watts <= watts + 1e-9 * max(1, watts) }
    }
}
