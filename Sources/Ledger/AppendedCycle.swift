import FleetCore

/// What `Ledger.append(cycle:)` stored.
public struct AppendedCycle: Sendable, Equatable {
    /// The cycle's number in this ledger (1, 2, ...).
    public var cycle: Int64
    /// The seqs given to the cycle's readings, in order; nil for a cycle without readings.
    public var seqs: ClosedRange<Int64>?
    /// How many gaps the cycle opened (agent down, devices silent for more than three cycles).
    public var gapsOpened: Int
    /// The cycle's readings as stored: with their `seq`, and the register's `energy_j` and `energy_epoch`.
    public var readings: [Reading] = []
}
