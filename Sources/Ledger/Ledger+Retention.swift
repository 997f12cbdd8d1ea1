import FleetCore
import GRDB

extension Ledger {
    /// Deletes what `policy` no longer keeps as of `now`, in small transactions of at most `policy.batchSize` rows
    /// each, so a poll cycle's write never waits long behind it.
    ///
    /// Kept whatever their age: the newest cycle record (agent-down detection needs it), each device's latest
    /// reading (`devices()`), the readings an upstream of `policy.keepUndeliveredFor` has not acknowledged, and the
    /// first and last readings of every epoch whose intervals are still kept (the
    /// conservation check compares the register there with the intervals). Intervals and gaps are deleted only
    /// before both horizons, so never while readings of their time are kept; an epoch some of whose intervals are
    /// deleted is marked and no longer conservation-checked.
    @discardableResult
    public func prune(_ policy: RetentionPolicy, now: Timestamp) async throws(LedgerError) -> PrunedRows {
        let readingsMs = IntervalGrid.milliseconds(policy.readings)
        let intervalsMs = max(IntervalGrid.milliseconds(policy.intervals), readingsMs)
        guard readingsMs >= 0, policy.batchSize > 0 else {
            throw LedgerError.invalidArgument(
                path: path, reason: "retention needs horizons of zero or more and a positive batch size")
        }
        let readingCutoff = now.millisecondsSinceEpoch - readingsMs
        let intervalCutoff = IntervalGrid.start(of: now.millisecondsSinceEpoch - intervalsMs)
        let batch = policy.batchSize
        var delivered = Int64.max
        for sink in policy.keepUndeliveredFor { delivered = min(delivered, try await reader.uplinkCursor(sink: sink)) }
        var pruned = PrunedRows()
        pruned.readings = try await deleteInBatches(
            """
            DELETE FROM readings WHERE seq IN (
                SELECT seq FROM readings
                WHERE seq <= (SELECT MAX(last_seq) FROM cycles
                              WHERE time_ms < ? AND id < (SELECT MAX(id) FROM cycles))
                  AND seq <= ?
                  AND seq NOT IN (SELECT last_seq FROM devices
                                  UNION SELECT epoch_last_seq FROM devices WHERE epoch_last_seq IS NOT NULL
                                  UNION SELECT epoch FROM epochs
                                  UNION SELECT last_seq FROM epochs WHERE last_seq IS NOT NULL)
                ORDER BY seq LIMIT ?)
            """, readingCutoff, delivered, batch: batch)
        pruned.cycles = try await deleteInBatches(
            """
            DELETE FROM cycles WHERE id IN (
                SELECT id FROM cycles WHERE time_ms < ? AND id < (SELECT MAX(id) FROM cycles)
                  AND (last_seq IS NULL OR last_seq <= ?) ORDER BY id LIMIT ?)
            """, readingCutoff, delivered, batch: batch)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE epochs SET intervals_pruned = 1 WHERE intervals_pruned = 0 AND EXISTS (
                        SELECT 1 FROM intervals i WHERE i.device_id = epochs.device_id AND i.epoch = epochs.epoch
                        AND i.start_ms < ?)
                    """, arguments: [intervalCutoff])
        }
        pruned.intervals = try await deleteInBatches(
            """
            UPDATE sequence SET interval_changes = interval_changes + 1 WHERE id = 1;
            DELETE FROM intervals WHERE (start_ms, device_id, tenant_id, epoch) IN (
                SELECT start_ms, device_id, tenant_id, epoch FROM intervals WHERE start_ms < ? LIMIT ?)
            """, intervalCutoff, batch: batch)
        pruned.gaps = try await deleteInBatches(
            """
            DELETE FROM gaps WHERE id IN (
                SELECT id FROM gaps WHERE end_ms IS NOT NULL AND end_ms < ? ORDER BY id LIMIT ?)
            """, intervalCutoff, batch: batch)
        pruned.epochs = try await deleteInBatches(
            """
            DELETE FROM epochs WHERE (device_id, epoch) IN (
                SELECT device_id, epoch FROM epochs e
                WHERE e.last_seq IS NOT NULL AND e.intervals_pruned = 1
                  AND NOT EXISTS (SELECT 1 FROM intervals i WHERE i.device_id = e.device_id AND i.epoch = e.epoch)
                LIMIT ?)
            """, batch: batch)
        return pruned
    }

    /// Runs `sql` (whose last statement deletes at most `batch` rows, `batch` being its last argument) in one
    /// transaction after another until a run deletes fewer; returns the rows deleted.
    private func deleteInBatches(_ sql: String, _ arguments: Int64..., batch: Int) async throws(LedgerError) -> Int {
        let statementArguments = StatementArguments(arguments + [Int64(batch)])
        var total = 0
        while true {
            let deleted = try await write { db in
                try db.execute(sql: sql, arguments: statementArguments)
                return db.changesCount
            }
            total += deleted
            if deleted < batch { return total }
        }
    }
}
