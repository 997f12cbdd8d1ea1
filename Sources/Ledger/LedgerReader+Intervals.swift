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
        // Long ranges are read in parts, one per core, each on its own reader connection. The parts are only used
        // if they all saw the same intervals (no cycle or pruning committed between their reads); else the range
        // is read again in one part, in one snapshot.
        let buckets = (toMs - fromMs) / stepMs
        let parts = Int64(min(ProcessInfo.processInfo.activeProcessorCount, 4))
        if parts > 1, buckets >= 8 * parts {
            let bounds = (0...parts).map { fromMs + buckets * $0 / parts * stepMs }
            let pieces = try await intervalParts(bounds: bounds, stepMs: stepMs, device: device, tenant: tenant)
            if Set(pieces.map(\.changes)).count == 1 {
                guard pieces.count > 1 else { return pieces.first?.rows ?? [] }
                var rows = pieces[0].rows  // the other parts appended to the first, which is not copied again
                rows.reserveCapacity(pieces.reduce(0) { $0 + $1.rows.count })
                for piece in pieces.dropFirst() { rows.append(contentsOf: piece.rows) }
                return rows
            }
        }
        return try await intervalPart(
            fromMs: fromMs, toMs: toMs, stepMs: stepMs, device: device, tenant: tenant
        ).rows
    }

    /// Reads the parts [bounds[i], bounds[i + 1]) concurrently; in order.
    private func intervalParts(
        bounds: [Int64], stepMs: Int64, device: String?, tenant: String?
    ) async throws(LedgerError) -> [IntervalPart] {
        let results = await withTaskGroup(of: (Int, Result<IntervalPart, LedgerError>).self) { group in
            for index in bounds.indices.dropLast() {
                group.addTask {
                    do throws(LedgerError) {
                        let part = try await intervalPart(
                            fromMs: bounds[index], toMs: bounds[index + 1], stepMs: stepMs, device: device,
                            tenant: tenant)
                        return (index, .success(part))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [(Int, Result<IntervalPart, LedgerError>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return try results.map { result throws(LedgerError) in try result.get() }
    }

    /// One part's rows and the ledger's interval change count its snapshot saw.
    struct IntervalPart: Sendable {
        var rows: [EnergyInterval]
        var changes: Int64
    }

    /// Reads one part. The scan runs on GRDB's reader queue and hands rows over in batches; they are summed
    /// meanwhile in this task (pure computation, no SQLite), so the two halves of the work overlap.
    private func intervalPart(
        fromMs: Int64, toMs: Int64, stepMs: Int64, device: String?, tenant: String?
    ) async throws(LedgerError) -> IntervalPart {
        let (batches, feed) = AsyncStream.makeStream(of: IntervalFeed.self)
        async let summed = Self.sum(batches, fromMs: fromMs, toMs: toMs, stepMs: stepMs)
        let changes: Int64
        do {
            changes = try await read { db in
                defer { feed.finish() }
                let changes = try Int64.fetchOne(db, sql: "SELECT interval_changes FROM sequence") ?? 0
                let names = try IntervalNames(db, device: device, tenant: tenant)
                feed.yield(.names(names))
                try IntervalScan.rows(fromMs: fromMs, toMs: toMs, names: names, db) { feed.yield(.rows($0)) }
                return changes
            }
        } catch {
            feed.finish()
            _ = await summed
            throw error
        }
        return IntervalPart(rows: await summed, changes: changes)
    }

    /// What the scan hands over: the names first, then the rows in batches.
    enum IntervalFeed: Sendable {
        case names(IntervalNames)
        case rows([StoredInterval])
    }

    private static func sum(
        _ feed: AsyncStream<IntervalFeed>, fromMs: Int64, toMs: Int64, stepMs: Int64
    ) async -> [EnergyInterval] {
        var summer: IntervalSummer?
        for await item in feed {
            switch item {
            case .names(let names): summer = IntervalSummer(names: names, fromMs: fromMs, toMs: toMs, stepMs: stepMs)
            case .rows(let batch): summer?.add(batch)
            }
        }
        return summer?.finish() ?? []
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
