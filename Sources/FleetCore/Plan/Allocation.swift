/// The outcome of allocating a host's budget at one instant: one decision per device (in device-id order) and every
/// rule the hardware forced allocation to break.
public struct Allocation: Sendable, Equatable {
    /// When it applies.
    public var time: Timestamp
    /// The budget in force at `time`, watts.
    public var budgetW: Double
    public var decisions: [PowerDecision]
    /// Empty unless firm floors, minimums or uncontrolled draw exceed the budget or a circuit, or a device cannot go
    /// as low as the plan allows.
    public var violations: [AllocationViolation]

    /// Watts counted against the budget: every decision's `countedW`.
    public var allocatedW: Double { decisions.reduce(0) { $0 + $1.countedW } }
}

/// A limit allocation could not keep, because firm floors, device minimums or uncontrolled draw exceed it.
public enum AllocationViolation: Sendable, Equatable, CustomStringConvertible {
    /// What cannot be lowered (firm floors, minimums of devices that cannot sleep, uncontrolled draw) exceeds the
    /// budget.
    case budget(neededW: Double, budgetW: Double)
    /// ... exceeds a circuit's continuous limit (80 % of its breaker rating).
    case circuit(name: String, neededW: Double, limitW: Double)
    /// A device that cannot sleep cannot go as low as its cap: it is held at its minimum.
    case aboveCap(device: DeviceID, minimumW: Double, upperW: Double)

    public var description: String {
        switch self {
        case .budget(let needed, let budget):
            "budget: firm floors, minimums and uncontrolled draw need \(DecisionReason.watts(needed)), "
                + "the budget is \(DecisionReason.watts(budget))"
        case .circuit(let name, let needed, let limit):
            "circuit \(name): firm floors, minimums and uncontrolled draw need \(DecisionReason.watts(needed)), "
                + "its continuous limit is \(DecisionReason.watts(limit))"
        case .aboveCap(let device, let minimum, let upper):
            "\(device): held at its minimum \(DecisionReason.watts(minimum)), above its allowance "
                + DecisionReason.watts(upper)
        }
    }
}
