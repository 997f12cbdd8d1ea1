import FleetCore
import GRDB

extension Ledger {
    /// Appends `entry` to the audit log in its own transaction (its `id` is ignored) and returns the id it got. The
    /// log is append-only: the schema's triggers refuse any update or delete of its rows.
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws(LedgerError) -> Int64 {
        try await appendAudit([entry]).last ?? 0
    }

    /// Appends `entries` in one transaction, in order; returns the ids they got.
    @discardableResult
    public func appendAudit(_ entries: [AuditEntry]) async throws(LedgerError) -> [Int64] {
        guard !entries.isEmpty else { return [] }
        return try await write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO audit_log
                        (time_ms, device, action, from_value, to_value, reason, plan_version, verified_value, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var ids: [Int64] = []
            ids.reserveCapacity(entries.count)
            for entry in entries {
                try statement.execute(arguments: [
                    entry.time.millisecondsSinceEpoch, entry.device, entry.action, entry.from, entry.to, entry.reason,
                    entry.planVersion, entry.verifiedValue, entry.outcome,
                ])
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
    }
}

extension LedgerReader {
    /// The audit entries after `id`, oldest first, at most `limit`.
    public func auditEntries(after id: Int64, limit: Int) async throws(LedgerError) -> [AuditEntry] {
        guard limit > 0 else {
            throw LedgerError.invalidArgument(path: path, reason: "limit must be positive, not \(limit)")
        }
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, time_ms, device, action, from_value, to_value, reason, plan_version, verified_value,
                        outcome
                    FROM audit_log WHERE id > ? ORDER BY id LIMIT ?
                    """, arguments: [id, limit]
            ).map { row in
                AuditEntry(
                    id: row[0], time: Timestamp(millisecondsSinceEpoch: row[1]), device: row[2], action: row[3],
                    from: row[4], to: row[5], reason: row[6], planVersion: row[7], verifiedValue: row[8],
                    outcome: row[9])
            }
        }
    }
}
