import GRDB

/// The ledger's tables, as versioned migrations. Each migration ends by setting `PRAGMA user_version` to its number,
/// so that any SQLite tool (and an older fleet-agent) can tell which version wrote a file.
///
/// Times are integer milliseconds since the Unix epoch (UTC); energies joules; powers watts. Devices and tenants are
/// stored once and referred to by integer ids, which keeps the interval table small and its scans fast.
enum LedgerSchema {
    /// The newest schema version this code knows. A file whose `user_version` is higher is refused.
    static let version = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: version2)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    private static let version1 = """
        -- The per-host sequence's high-water mark: seq is never reused, even after retention empties `readings`.
        -- interval_changes counts the transactions that changed `intervals` (cycles, retention), so that reads of
        -- parts of a range on several connections can tell that they all saw the same intervals.
        CREATE TABLE sequence (
            id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL,
            interval_changes INTEGER NOT NULL DEFAULT 0);
        INSERT INTO sequence (id, last_seq) VALUES (1, 0);

        -- One row per stored poll cycle: agent-down detection, silence counting, retention by time.
        CREATE TABLE cycles (
            id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, interval_ms INTEGER NOT NULL,
            first_seq INTEGER, last_seq INTEGER);
        CREATE INDEX cycles_by_time ON cycles (time_ms);

        CREATE TABLE tenants (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL UNIQUE);

        -- One row per device: its register in the current epoch and its last usable observation (obs_*), which the
        -- next step integrates from; obs_time_ms is NULL after a gap, so nothing is integrated across one.
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY, device TEXT NOT NULL UNIQUE, last_seq INTEGER NOT NULL,
            epoch INTEGER, epoch_last_seq INTEGER, register_j REAL NOT NULL DEFAULT 0,
            obs_time_ms INTEGER, obs_power_w REAL, obs_quality INTEGER, obs_counter_j REAL, obs_cycle INTEGER,
            counter_j REAL, uptime_s REAL, open_gap_id INTEGER);

        -- Every reading with its full JSON (the schema's names, `seq`, `energy_j` = the register) and the columns
        -- the ledger's own queries use. All reads go through seq, the primary key.
        CREATE TABLE readings (
            seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, device_id INTEGER NOT NULL,
            energy_j REAL, energy_epoch INTEGER, counter_j REAL, uptime_s REAL, json TEXT NOT NULL);

        -- One row per register epoch; its id is the seq of the reading that began it. last_seq and register_j are
        -- filled in when the epoch ends (the current epoch's are in `devices`). intervals_pruned: retention has
        -- deleted some of its intervals, so the conservation check skips it.
        CREATE TABLE epochs (
            device_id INTEGER NOT NULL, epoch INTEGER NOT NULL, start_ms INTEGER NOT NULL, reason TEXT NOT NULL,
            last_seq INTEGER, register_j REAL, intervals_pruned INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (device_id, epoch)) WITHOUT ROWID;

        -- 15-minute UTC intervals [start_ms, start_ms + 900000), one row per device, tenant and epoch.
        -- quality: 1 measured, 2 reported, 3 estimated (the weakest that contributed). tenant_id 0: none.
        CREATE TABLE intervals (
            start_ms INTEGER NOT NULL, device_id INTEGER NOT NULL, tenant_id INTEGER NOT NULL, epoch INTEGER NOT NULL,
            energy_j REAL NOT NULL, observed_ms INTEGER NOT NULL, peak_w REAL, quality INTEGER NOT NULL,
            PRIMARY KEY (start_ms, device_id, tenant_id, epoch)) WITHOUT ROWID;
        CREATE INDEX intervals_by_device ON intervals (device_id, start_ms);

        -- Spans where a device's energy is unknown; end_ms is NULL while the device is still silent.
        CREATE TABLE gaps (
            id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER,
            reason TEXT NOT NULL);
        CREATE INDEX gaps_by_start ON gaps (start_ms);

        CREATE TABLE uplink_cursors (sink TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_ms INTEGER NOT NULL);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL, device TEXT NOT NULL,
            action TEXT NOT NULL, from_value TEXT, to_value TEXT, reason TEXT NOT NULL, plan_version TEXT,
            verified_value TEXT);
        CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        CREATE TABLE power_limits (device TEXT PRIMARY KEY, original_w REAL NOT NULL, saved_ms INTEGER NOT NULL);
        """

    /// The control step's: each audit entry's outcome, and each miner's setting from before the agent first changed
    /// it (restored when its cap is lifted or the agent stops).
    private static let version2 = """
        ALTER TABLE audit_log ADD COLUMN outcome TEXT;
        CREATE TABLE original_settings (device TEXT PRIMARY KEY, setting TEXT NOT NULL, saved_ms INTEGER NOT NULL);
        """
}
