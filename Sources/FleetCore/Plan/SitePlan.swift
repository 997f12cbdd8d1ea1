/// The site plan for one host (DESIGN "Site plan"): its power budget, the schedule that overrides it, the circuits
/// its devices share, and the rules that say how each device is treated. Built by a reader (YAML) and checked as a
/// whole by `problems(inventory:)` before it is used.
public struct SitePlan: Sendable, Equatable {
    /// The plan format's version; only 1 exists.
    public var version: Int
    public var site: String?
    /// The host the plan is for.
    public var host: String?
    /// What the host may draw outside the schedule's windows, watts.
    public var budgetW: Double
    public var schedule: [BudgetWindow]
    public var circuits: [Circuit]
    public var devices: [DeviceRule]

    public init(
        version: Int = 1, site: String? = nil, host: String? = nil, budgetW: Double, schedule: [BudgetWindow] = [],
        circuits: [Circuit] = [], devices: [DeviceRule] = []
    ) {
        self.version = version
        self.site = site
        self.host = host
        self.budgetW = budgetW
        self.schedule = schedule
        self.circuits = circuits
        self.devices = devices
    }

    /// The budget in force at `time`: the window's that holds it, else `budgetW`.
    public func budgetW(at time: Timestamp) -> Double {
        schedule.first { $0.contains(time) }?.budgetW ?? budgetW
    }

    /// The first rule that covers `device`, with its index in `devices`.
    public func rule(for device: InventoryDevice) -> (index: Int, rule: DeviceRule)? {
        for (index, rule) in devices.enumerated() where rule.matches(device) {
            return (index, rule)
        }
        return nil
    }

    /// The index of the first circuit `device` is on.
    public func circuitIndex(of device: DeviceID) -> Int? {
        circuits.firstIndex { $0.contains(device) }
    }
}
