import FleetCore

/// One poll cycle as the ledger stores it: every device's reading, taken together, written in one transaction.
public struct PollCycle: Sendable {
    /// When the cycle started (its tick). Agent-down detection compares it with the previous stored cycle's.
    public var time: Timestamp
    /// The configured time between cycles (`interval_s`). A pause of more than three of them since the previous
    /// stored cycle means the agent was down, and every device gets a gap for it.
    public var interval: Duration
    /// At most one reading per device, in the order their `seq` numbers are to be assigned.
    public var readings: [CycleReading]

    /// A cycle taken at `time`, with the configured `interval` and its readings.
    public init(time: Timestamp, interval: Duration, readings: [CycleReading]) {
        self.time = time
        self.interval = interval
        self.readings = readings
    }
}

/// A reading as the poll loop hands it to the ledger, before the ledger has accounted its energy.
///
/// On the way in, `reading.energyJ` is the source's own energy counter when it has one (NVML's total energy for a
/// GPU, in joules) and `nil` otherwise; `seq`, `energyJ` and `energyEpoch` of the stored reading are the ledger's.
public struct CycleReading: Sendable {
    /// The normalized reading; its `device` says whose register it advances.
    public var reading: Reading
    /// The device's uptime in seconds, when the source reports one (miners do). `Reading` has no uptime field and the
    /// JSON schema is not changed for it: it is only used here, where uptime going backwards (a reboot) starts a new
    /// energy epoch, and kept in the ledger's own `uptime_s` column.
    public var uptimeS: Double?

    /// A reading, with the device's uptime when its source reports one.
    public init(_ reading: Reading, uptimeS: Double? = nil) {
        self.reading = reading
        self.uptimeS = uptimeS
    }
}
