import GRDB

extension LedgerReader {
    /// Sums the range's 15-minute rows into sinks that `makeSink` makes (from the names and the rows to expect),
    /// one per part of the range, in order.
    ///
    /// Long ranges are read in four parts at once, each on its own reader connection (the pool has five): on more
    /// cores they run side by side, on two a part held up by other processes on a busy machine is a smaller share
    /// of the wait. The parts are only used if they all saw the same intervals (no cycle or pruning committed between
    /// their reads); else the range is read again in one part, in one snapshot.
    func summedIntervals<Sink: IntervalRowSink>(
        _ range: IntervalRange, device: String?, tenant: String?,
        makeSink: @escaping @Sendable (IntervalNames, Int) -> Sink
    ) async throws(LedgerError) -> [Sink] {
        let buckets = (range.toMs - range.fromMs) / range.stepMs
        let parts: Int64 = 4
        if buckets >= 8 * parts {
            let bounds = (0...parts).map { range.fromMs + buckets * $0 / parts * range.stepMs }
            let pieces = try await intervalParts(
                bounds: bounds, stepMs: range.stepMs, device: device, tenant: tenant, makeSink: makeSink)
            if Set(pieces.map(\.changes)).count == 1 { return pieces.map(\.sink) }
        }
        let whole = try await intervalPart(
            fromMs: range.fromMs, toMs: range.toMs, stepMs: range.stepMs, device: device, tenant: tenant,
            makeSink: makeSink)
        return [whole.sink]
    }

    /// Reads the parts [bounds[i], bounds[i + 1]) concurrently; in order.
    private func intervalParts<Sink: IntervalRowSink>(
        bounds: [Int64], stepMs: Int64, device: String?, tenant: String?,
        makeSink: @escaping @Sendable (IntervalNames, Int) -> Sink
    ) async throws(LedgerError) -> [IntervalPart<Sink>] {
        let results = await withTaskGroup(of: (Int, Result<IntervalPart<Sink>, LedgerError>).self) { group in
            for index in bounds.indices.dropLast() {
                group.addTask {
                    do throws(LedgerError) {
                        let part = try await intervalPart(
                            fromMs: bounds[index], toMs: bounds[index + 1], stepMs: stepMs, device: device,
                            tenant: tenant, makeSink: makeSink)
                        return (index, .success(part))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [(Int, Result<IntervalPart<Sink>, LedgerError>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return try results.map { result throws(LedgerError) in try result.get() }
    }

    /// One part's sink and the ledger's interval change count its snapshot saw.
    struct IntervalPart<Sink: IntervalRowSink>: Sendable {
        var sink: Sink
        var changes: Int64
    }

    /// Reads and sums one part, in GRDB's reader queue (one thread per part, never Swift's cooperative pool): each
    /// row goes from SQLite's columns into its sum, and each finished sum into the sink, with nothing in between.
    private func intervalPart<Sink: IntervalRowSink>(
        fromMs: Int64, toMs: Int64, stepMs: Int64, device: String?, tenant: String?,
        makeSink: @escaping @Sendable (IntervalNames, Int) -> Sink
    ) async throws(LedgerError) -> IntervalPart<Sink> {
        try await read { db in
            let changes = try Int64.fetchOne(db, sql: "SELECT interval_changes FROM sequence") ?? 0
            let names = try IntervalNames(db, device: device, tenant: tenant)
            let expected = IntervalSummer<Sink>.expectedRows(names: names, fromMs: fromMs, toMs: toMs, stepMs: stepMs)
            var summer = IntervalSummer(names: names, fromMs: fromMs, stepMs: stepMs, sink: makeSink(names, expected))
            try IntervalScan.rows(fromMs: fromMs, toMs: toMs, names: names, db, into: &summer)
            return IntervalPart(sink: summer.finish(), changes: changes)
        }
    }
}
