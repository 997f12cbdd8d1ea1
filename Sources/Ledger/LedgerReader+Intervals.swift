import FleetCore
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
        let stepMs = IntervalGrid.milliseconds(step)
        let fromMs = from.millisecondsSinceEpoch
        let toMs = to.millisecondsSinceEpoch
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
        return try await read { db in
            let query = try IntervalQuery(db, device: device, tenant: tenant)
            return try query.rows(fromMs: fromMs, toMs: toMs, stepMs: stepMs, db)
        }
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
