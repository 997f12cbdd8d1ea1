/// What allocation decided for one device.
public struct PowerDecision: Sendable, Equatable {
    public var device: DeviceID
    /// The class of the rule that covers the device; nil when no rule does.
    public var loadClass: LoadClass?
    public var setting: PowerSetting
    /// The watts this decision counts against the budget and the device's circuit: the cap or step, the draw of a
    /// device that is not controlled, 0 when asleep.
    public var countedW: Double
    public var reason: DecisionReason
    /// The plan's tenant label for the device.
    public var tenant: String?

    /// The limit to set, watts; nil when the device is slept or not controlled.
    public var capW: Double? {
        switch setting {
        case .limit(let watts): watts
        case .step(let step): step.watts
        case .sleep, .uncontrolled: nil
        }
    }
}

/// The setting allocation gives a device.
public enum PowerSetting: Sendable, Equatable {
    /// A continuous power limit, watts.
    case limit(Double)
    /// One of the device's discrete settings.
    case step(PowerStep)
    /// Asleep (mining stopped).
    case sleep
    /// Not set at all: the device has no control path, or no rule covers it.
    case uncontrolled
}

/// Why a device got its setting, for `plan check` and the audit log.
public enum DecisionReason: Sendable, Equatable, CustomStringConvertible {
    /// No rule of the plan covers the device: its draw is counted.
    case noRule(countedW: Double?)
    /// The family or model has no control path the agent implements: its draw is counted.
    case noControlPath(String, countedW: Double?)
    /// The device's settings and draw are unknown (a firm device that cannot be slept or set).
    case settingsUnknown
    /// Given its whole allowance: the least of the plan's cap, its maximum and its circuit.
    case full(upperW: Double)
    /// Firm, lowered together with the other firm devices because the budget or a circuit cannot carry them all.
    case firmLowered(upperW: Double, floorW: Double)
    /// Flexible: what was left after firm load and the flexible devices before it.
    case share(priority: Int?, upperW: Double)
    /// Flexible, asleep: what was left is below its lowest running setting.
    case sleptNoShare(neededW: Double, leftW: Double)
    /// Flexible, asleep: its lowest setting is above what the plan or its circuit allows.
    case sleptAboveCap(lowestW: Double, upperW: Double)
    /// Held at its minimum, above the plan's cap or its circuit (it cannot be slept): a violation.
    case clampedToMinimum(minimumW: Double, upperW: Double)

    public var description: String {
        switch self {
        case .noRule(let w): "no rule of the plan covers it: \(Self.counted(w))"
        case .noControlPath(let why, let w): "\(why): no control path, \(Self.counted(w))"
        case .settingsUnknown: "its settings and draw are unknown: not set, counted as 0 W"
        case .full(let upper): "full allowance \(Self.watts(upper))"
        case .firmLowered(let upper, let floor):
            "firm devices lowered together (floor \(Self.watts(floor)), allowance \(Self.watts(upper))): "
                + "the budget or circuit cannot carry them all"
        case .share(let priority, let upper):
            "flexible\(priority.map { ", priority \($0)" } ?? ""): what was left (allowance \(Self.watts(upper)))"
        case .sleptNoShare(let needed, let left):
            "asleep: \(Self.watts(left)) left, its lowest running setting needs \(Self.watts(needed))"
        case .sleptAboveCap(let lowest, let upper):
            "asleep: its lowest setting \(Self.watts(lowest)) is above its allowance \(Self.watts(upper))"
        case .clampedToMinimum(let minimum, let upper):
            "held at its minimum \(Self.watts(minimum)), above its allowance \(Self.watts(upper)) (cannot sleep)"
        }
    }

    private static func counted(_ watts: Double?) -> String {
        watts.map { "counted at its draw \(Self.watts($0))" } ?? "draw unknown, counted as 0 W"
    }

    static func watts(_ value: Double) -> String { NumberText.fixed(value) + " W" }
}
