import FleetCore
import GRDB

extension Ledger {
    /// Moves the cursor of the upstream `sink` to `seq`, the last reading that sink has acknowledged, in its own
    /// transaction. A cursor never moves back: an older acknowledgement arriving late leaves it where it is.
    ///
    /// - Returns: the cursor as stored afterwards.
    /// - Throws: `invalidArgument` for a seq beyond the last one stored (nothing was delivered past it).
    @discardableResult
    public func advanceUplinkCursor(sink: String, to seq: Int64, at time: Timestamp) async throws(LedgerError) -> Int64
    {
        let path = path
        return try await write { db in
            let last = try CycleWriter.lastSeq(db)
            guard seq >= 0, seq <= last else {
                throw LedgerError.invalidArgument(
                    path: path,
                    reason: "the cursor of \(sink) cannot move to seq \(seq): the last seq stored is \(last)")
            }
            try db.execute(
                sql: """
                    INSERT INTO uplink_cursors (sink, seq, updated_ms) VALUES (?, ?, ?)
                    ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq, updated_ms = excluded.updated_ms
                    WHERE excluded.seq > uplink_cursors.seq
                    """, arguments: [sink, seq, time.millisecondsSinceEpoch])
            return try Int64.fetchOne(db, sql: "SELECT seq FROM uplink_cursors WHERE sink = ?", arguments: [sink]) ?? 0
        }
    }
}

extension LedgerReader {
    /// The last seq `sink` has acknowledged; 0 when it has acknowledged nothing yet.
    public func uplinkCursor(sink: String) async throws(LedgerError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM uplink_cursors WHERE sink = ?", arguments: [sink]) ?? 0
        }
    }
}
