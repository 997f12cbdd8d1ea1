import FleetCore
import GRDB

extension Ledger {
    /// Saves a miner's setting from before the agent first changes it (`setting` in the control's own text, e.g.
    /// `limit 3200`, `step normal`, `running`). Only the first save counts, as for GPU limits.
    ///
    /// - Returns: the setting stored for the device afterwards (the earlier one if there was one).
    @discardableResult
    public func saveOriginalSetting(
        device: String, setting: String, at time: Timestamp
    ) async throws(LedgerError)
        -> String
    {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO original_settings (device, setting, saved_ms) VALUES (?, ?, ?)",
                arguments: [device, setting, time.millisecondsSinceEpoch])
            return try String.fetchOne(
                db, sql: "SELECT setting FROM original_settings WHERE device = ?", arguments: [device]) ?? setting
        }
    }

    /// Forgets a miner's original setting once it has been restored. Returns whether there was one.
    @discardableResult
    public func forgetOriginalSetting(device: String) async throws(LedgerError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM original_settings WHERE device = ?", arguments: [device])
            return db.changesCount > 0
        }
    }
}

extension LedgerReader {
    /// Every saved original miner setting, by device.
    public func originalSettings() async throws(LedgerError) -> [String: String] {
        try await read { db in
            var settings: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT device, setting FROM original_settings") {
                settings[row[0]] = row[1]
            }
            return settings
        }
    }
}
