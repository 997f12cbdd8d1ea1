import FleetCore

/// One poll cycle's readings, as the cycle hands them on.
public struct CycleReadings: Sendable {
    /// 1 for the agent's first cycle since it started.
    public var number: Int
    /// When the cycle began.
    public var started: Timestamp
    public var readings: [Reading]

    public init(number: Int, started: Timestamp, readings: [Reading]) {
        self.number = number
        self.started = started
        self.readings = readings
    }
}

/// Where each cycle's readings go (the ledger). A sink that fails is logged and the polling goes on: the next
/// cycle's readings are offered again, and the sink records what it lost.
public protocol CycleSink: Sendable {
    func store(_ cycle: CycleReadings) async throws
    /// Flushes and closes, at shutdown.
    func close() async
}
