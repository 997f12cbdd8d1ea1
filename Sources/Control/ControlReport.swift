import FleetCore

/// What one control step did: the allocation, what was written and how it ended, for the metrics and the log.
public struct ControlReport: Sendable {
    /// nil when no plan is in force.
    public var allocation: Allocation?
    /// The plan version the step ran under.
    public var planVersion: String?
    /// The sum of the cycle's power readings, watts.
    public var measuredW: Double
    /// Writes attempted, by outcome (`verified`, `not_applied`, `failed`, `dry_run`).
    public var outcomes: [String: Int] = [:]
    /// Raises waiting for their device's hold time or the ramp-up's turn.
    public var held = 0
    /// How long the writes and read backs took.
    public var applyDuration: Duration = .zero

    public init(allocation: Allocation?, planVersion: String?, measuredW: Double) {
        self.allocation = allocation
        self.planVersion = planVersion
        self.measuredW = measuredW
    }

    /// Every write of this step was verified (or nothing needed writing).
    public var allVerified: Bool { outcomes.keys.allSatisfy { $0 == "verified" } }
}
