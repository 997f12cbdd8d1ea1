import FleetCore
import GRDB

/// The SQL for the `gaps` table.
enum GapStore {
    /// Inserts a gap and returns its id.
    static func insert(_ span: DeviceRegister.GapSpan, deviceID: Int64, _ db: Database) throws -> Int64 {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO gaps (device_id, start_ms, end_ms, reason) VALUES (?, ?, ?, ?)")
        try insert.execute(arguments: [deviceID, span.startMs, span.endMs, span.reason.rawValue])
        return db.lastInsertedRowID
    }

    /// Ends an open gap at `endMs`.
    static func close(id: Int64, endMs: Int64, _ db: Database) throws {
        let update = try db.cachedStatement(sql: "UPDATE gaps SET end_ms = ? WHERE id = ?")
        try update.execute(arguments: [endMs, id])
    }

    /// The gaps that overlap [fromMs, toMs), optionally of one device, in the order they were recorded.
    static func overlapping(
        fromMs: Int64, toMs: Int64, device: String?, path: String, _ db: Database
    ) throws -> [EnergyGap] {
        var sql = """
            SELECT g.id, d.device, g.start_ms, g.end_ms, g.reason FROM gaps g JOIN devices d ON d.id = g.device_id
            WHERE g.start_ms < ? AND (g.end_ms IS NULL OR g.end_ms > ?)
            """
        var arguments: StatementArguments = [toMs, fromMs]
        if let device {
            sql += " AND d.device = ?"
            arguments += [device]
        }
        sql += " ORDER BY g.id"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let reasonText: String = row[4]
            guard let reason = GapReason(rawValue: reasonText) else {
                throw LedgerError.corrupt(
                    path: path, reason: "gap \(row[0] as Int64) has an unknown reason \(reasonText)")
            }
            let endMs: Int64? = row[3]
            return EnergyGap(
                id: row[0], device: row[1], start: Timestamp(millisecondsSinceEpoch: row[2]),
                end: endMs.map(Timestamp.init(millisecondsSinceEpoch:)), reason: reason)
        }
    }
}
