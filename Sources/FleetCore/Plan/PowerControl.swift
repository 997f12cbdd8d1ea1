/// How a device's draw can be set, as far as the agent knows: what allocation may give it.
public enum PowerControl: Sendable, Equatable {
    /// Any limit between `minW` and `maxW` (NVML's management limit, Whatsminer `adjust_power_limit`, Braiins power
    /// target). A bound the readings did not give is nil: the plan's cap (else the limit in force) stands in for an
    /// unknown maximum, 0 for an unknown minimum, and the actuator clamps to the device's own constraints.
    case continuous(minW: Double?, maxW: Double?)
    /// Only these settings (modes, work levels, profiles, presets), ascending by watts; the device takes the highest
    /// that fits.
    case steps([PowerStep])
    /// No control path the agent implements: the device's draw is counted, never set. The reason says why.
    case none(reason: String)
}

/// One discrete setting of a device and the draw it stands for.
public struct PowerStep: Sendable, Equatable {
    /// The family's name for it (`normal`, `level 2`, `preset 3370`).
    public var name: String
    public var watts: Double

    public init(name: String, watts: Double) {
        self.name = name
        self.watts = watts
    }
}

/// What the agent can do with one device's power, from its family and what it reports.
public struct DeviceCapability: Sendable, Equatable {
    public var control: PowerControl
    /// Whether the device can be slept (miners); GPUs cannot, they only go down to their minimum limit.
    public var canSleep: Bool
    /// The control family's name, for reasons (`nvml`, `btminer`, `bosminer`, ...).
    public var family: String

    public init(control: PowerControl, canSleep: Bool, family: String) {
        self.control = control
        self.canSleep = canSleep
        self.family = family
    }
}
