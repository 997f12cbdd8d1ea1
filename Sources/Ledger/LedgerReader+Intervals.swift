import FleetCore
import Foundation
import GRDB

extension LedgerReader {
    /// Energy per device and tenant in each interval of `step` between `from` (inclusive) and `to` (exclusive), in
    /// order of start, then device, then tenant. Intervals in which a device has no data have no row for it; its
    /// gaps (`gaps(from:to:device:)`) say why.
    ///
    /// - Parameters:
    ///   - step: a whole multiple of 15 minutes (15 min, 1 h, 1 day, ...); longer steps sum the 15-minute rows.
    ///   - from, to: multiples of `step` since the Unix epoch (whole UTC hours for a 1-hour step, UTC midnights for
    ///     a day), `from` before `to`.
    ///   - device, tenant: only that device's, or that tenant's, rows.
    public func intervals(
        from: Timestamp, to: Timestamp, step: Duration = .seconds(900), device: String? = nil, tenant: String? = nil
    ) async throws(LedgerError) -> [EnergyInterval] {
        let range = try IntervalRange(from: from, to: to, step: step, path: path)
        let parts = try await summedIntervals(range, device: device, tenant: tenant) { names, capacity in
            IntervalRows(names: names, capacity: capacity)
        }
        guard var rows = parts.first?.rows else { return [] }
        // The other parts appended to the first, which is not copied again.
        rows.reserveCapacity(parts.reduce(0) { $0 + $1.rows.count })
        for part in parts.dropFirst() { rows.append(contentsOf: part.rows) }
        return rows
    }

    /// The rows of `intervals(from:to:step:device:tenant:)` (same arguments, same checks) written straight into
    /// `format`'s text, byte for byte what `IntervalExport` makes of them: what `/v1/energy` and `fleet-agent
    /// energy` send, without an `EnergyInterval` or a `String` per row in between.
    public func encodedIntervals(
        from: Timestamp, to: Timestamp, step: Duration = .seconds(900), device: String? = nil, tenant: String? = nil,
        format: IntervalExport.Format
    ) async throws(LedgerError) -> IntervalExport.Encoded {
        let range = try IntervalRange(from: from, to: to, step: step, path: path)
        let parts = try await summedIntervals(range, device: device, tenant: tenant) { names, _ in
            IntervalEncoder(format: format, names: names)
        }
        return IntervalExport.framed(parts.map { $0.written() }, as: format)
    }

    /// The gaps that overlap [from, to), optionally of one device, in the order they were recorded.
    public func gaps(from: Timestamp, to: Timestamp, device: String? = nil) async throws(LedgerError) -> [EnergyGap] {
        let path = path
        return try await read { db in
            try GapStore.overlapping(
                fromMs: from.millisecondsSinceEpoch, toMs: to.millisecondsSinceEpoch, device: device, path: path, db)
        }
    }
}

/// An interval query's range and step, checked: the step a whole multiple of 15 minutes, `from` before `to`, both on
/// the step's UTC boundaries.
struct IntervalRange: Sendable {
    let fromMs: Int64
    let toMs: Int64
    let stepMs: Int64

    init(from: Timestamp, to: Timestamp, step: Duration, path: String) throws(LedgerError) {
        stepMs = IntervalGrid.milliseconds(step)
        fromMs = from.millisecondsSinceEpoch
        toMs = to.millisecondsSinceEpoch
        guard stepMs > 0, stepMs % IntervalGrid.widthMs == 0 else {
            throw LedgerError.invalidArgument(
                path: path, reason: "the step must be a whole multiple of 15 minutes, not \(step)")
        }
        guard fromMs < toMs else {
            throw LedgerError.invalidArgument(
                path: path, reason: "from (\(from.rfc3339)) must be before to (\(to.rfc3339))")
        }
        guard fromMs % stepMs == 0, toMs % stepMs == 0 else {
            throw LedgerError.invalidArgument(
                path: path,
                reason: "from and to must fall on the step's UTC boundaries (multiples of \(step) since 1970-01-01)")
        }
    }
}
