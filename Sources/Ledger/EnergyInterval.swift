import FleetCore

/// One device's energy in one interval [start, end) of UTC, for one tenant: a row of `/v1/energy` and of
/// `fleet-agent energy`. Built from the ledger's 15-minute rows, summed over a longer step when asked.
public struct EnergyInterval: Sendable, Equatable {
    /// The column names, in order, of every export (CSV header, JSON keys).
    public static let columns = [
        "device", "tenant", "start", "end", "energy_j", "avg_w", "peak_w", "coverage", "quality",
    ]

    /// The device id.
    public var device: String
    /// The tenant the energy is billed to (of the reading that closed each step); nil when none.
    public var tenant: String?
    /// Inclusive.
    public var start: Timestamp
    /// Exclusive.
    public var end: Timestamp
    /// Joules used in the interval (steps that cross a boundary are split in proportion to time).
    public var energyJ: Double
    /// The average power over the observed part of the interval: `energyJ` divided by the observed seconds; nil
    /// when nothing of the interval was observed.
    public var avgW: Double?
    /// The highest power observed in the interval (a reading's power, or a counter step's average where the reading
    /// has no power figure).
    public var peakW: Double?
    /// The fraction of the interval covered by integrated steps, 0...1. Gaps and the time before a device's first
    /// reading are not covered.
    public var coverage: Double
    /// The weakest quality of anything that contributed (measured > reported > estimated).
    public var quality: PowerQuality?

    /// A row with every column.
    public init(
        device: String, tenant: String?, start: Timestamp, end: Timestamp, energyJ: Double, avgW: Double?,
        peakW: Double?, coverage: Double, quality: PowerQuality?
    ) {
        self.device = device
        self.tenant = tenant
        self.start = start
        self.end = end
        self.energyJ = energyJ
        self.avgW = avgW
        self.peakW = peakW
        self.coverage = coverage
        self.quality = quality
    }
}
