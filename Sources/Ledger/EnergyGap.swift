import FleetCore

/// A span in which a device's energy is unknown. It is recorded, never filled with a guess: no interval gets energy
/// for it, and the register does not advance across it.
///
/// A gap runs from the device's last usable observation to its next one; `end` is `nil` while the device has not
/// been observed again.
public struct EnergyGap: Sendable, Equatable {
    /// The gap's row id, increasing in the order gaps were recorded.
    public var id: Int64
    /// The device id.
    public var device: String
    /// The device's last usable observation before the gap (or where a recorded loss began).
    public var start: Timestamp
    /// Its next usable observation; nil while there has been none.
    public var end: Timestamp?
    /// Why the energy is unknown.
    public var reason: GapReason

    /// A gap as stored.
    public init(id: Int64, device: String, start: Timestamp, end: Timestamp?, reason: GapReason) {
        self.id = id
        self.device = device
        self.start = start
        self.end = end
        self.reason = reason
    }
}

/// Why a device's energy is unknown for a while.
public enum GapReason: String, Sendable, Equatable, CaseIterable {
    /// The device gave no usable reading for more than three cycles.
    case silent
    /// The agent stored no cycle for more than three intervals.
    case agentDown = "agent_down"
    /// The source's energy counter went backwards (driver reload, GPU reset): a new epoch began.
    case counterReset = "counter_reset"
    /// The source's energy counter rose faster than the device can draw (the plausible power of its kind): the
    /// span's energy is unknown, never billed.
    case counterJump = "counter_jump"
    /// The device's uptime went backwards (a reboot): a new epoch began.
    case uptimeReset = "uptime_reset"
    /// The reading is older than the device's previous one (the clock stepped back).
    case clockStepBack = "clock_step_back"
    /// The two readings share no measure to integrate (a counter at one end, only power at the other).
    case unmeasured
    /// Readings were taken but could not be stored (the disk was full); recorded through `Ledger.recordLoss`.
    case notStored = "not_stored"
}
