import FleetCore

/// Where `IntervalSummer` puts the rows it sums: decoded into `EnergyInterval`s (`IntervalRows`), or written
/// straight as CSV or JSON text (`IntervalEncoder`), without a value per row in between.
protocol IntervalRowSink: Sendable {
    /// The rows that follow are in the interval [startMs, endMs).
    mutating func bucket(startMs: Int64, endMs: Int64)
    /// One device's (and tenant's) row in the current interval.
    mutating func row(_ row: SummedInterval)
}

/// One row of the answer, its device and tenant still as the ledger's ids.
struct SummedInterval {
    var deviceID: Int64
    var tenantID: Int64
    var energyJ: Double
    var avgW: Double?
    var peakW: Double?
    var coverage: Double
    var quality: PowerQuality?
}

/// The rows as `EnergyInterval`s, for `LedgerReader.intervals`.
struct IntervalRows: IntervalRowSink {
    private let names: IntervalNames
    private var start = Timestamp(millisecondsSinceEpoch: 0)
    private var end = Timestamp(millisecondsSinceEpoch: 0)
    private(set) var rows: [EnergyInterval] = []

    /// `capacity`: the rows expected, reserved at once so that the array is never copied to grow.
    init(names: IntervalNames, capacity: Int) {
        self.names = names
        rows.reserveCapacity(capacity)
    }

    mutating func bucket(startMs: Int64, endMs: Int64) {
        start = Timestamp(millisecondsSinceEpoch: startMs)
        end = Timestamp(millisecondsSinceEpoch: endMs)
    }

    mutating func row(_ row: SummedInterval) {
        rows.append(
            EnergyInterval(
                device: names.device(row.deviceID), tenant: names.tenant(row.tenantID), start: start, end: end,
                energyJ: row.energyJ, avgW: row.avgW, peakW: row.peakW, coverage: row.coverage, quality: row.quality))
    }
}
