import FleetCore
import GRDB

extension Ledger {
    /// Saves a GPU's original power limit before the agent first changes it. Only the first save counts: once a
    /// device has one, later calls leave it, so the value restored is the one from before any change.
    ///
    /// - Returns: the original limit stored for the device afterwards (the earlier one if there was one).
    @discardableResult
    public func saveOriginalPowerLimit(
        device: String, watts: Double, at time: Timestamp
    ) async throws(LedgerError)
        -> Double
    {
        let path = path
        return try await write { db in
            guard watts.isFinite, watts > 0 else {
                throw LedgerError.invalidArgument(
                    path: path, reason: "the original power limit of \(device) must be a positive number of watts")
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO power_limits (device, original_w, saved_ms) VALUES (?, ?, ?)",
                arguments: [device, watts, time.millisecondsSinceEpoch])
            return try Double.fetchOne(
                db, sql: "SELECT original_w FROM power_limits WHERE device = ?", arguments: [device]) ?? watts
        }
    }

    /// Forgets a device's original limit once it has been restored.
    ///
    /// - Returns: whether there was one.
    @discardableResult
    public func forgetOriginalPowerLimit(device: String) async throws(LedgerError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM power_limits WHERE device = ?", arguments: [device])
            return db.changesCount > 0
        }
    }
}

extension LedgerReader {
    /// The original power limit saved for `device`, in watts; nil when none is saved.
    public func originalPowerLimit(device: String) async throws(LedgerError) -> Double? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT original_w FROM power_limits WHERE device = ?", arguments: [device])
        }
    }

    /// Every saved original power limit, by device (what to restore when the agent stops).
    public func originalPowerLimits() async throws(LedgerError) -> [String: Double] {
        try await read { db in
            var limits: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT device, original_w FROM power_limits") {
                limits[row[0]] = row[1]
            }
            return limits
        }
    }
}
