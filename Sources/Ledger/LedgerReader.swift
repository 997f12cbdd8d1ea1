import GRDB

/// The read side of a ledger: readings by cursor, the latest reading per device, intervals, gaps, the conservation
/// check, the uplink cursors, the audit log and the saved power limits.
///
/// Reads run in GRDB's reader connections (WAL snapshots), never blocked by the writer and never on Swift's
/// cooperative pool: GRDB's async `read` hops to its own dispatch queues.
public struct LedgerReader: Sendable {
    /// The database file.
    public let path: String
    let database: any DatabaseReader

    /// Opens an existing ledger read-only, for a process that reads while the agent writes (`fleet-agent readings`,
    /// `fleet-agent energy`). The file must have the current schema version: a reader never migrates.
    ///
    /// - Throws: `cannotOpen` for a missing file, `newerSchema` / `olderSchema` for another version.
    public static func open(path: String) async throws(LedgerError) -> LedgerReader {
        try await LedgerFile.offCooperativePool { () throws(LedgerError) in
            LedgerReader(path: path, database: try LedgerFile.openReader(path: path))
        }
    }

    /// Runs `body` in a read transaction (one consistent snapshot), with every error turned into a `LedgerError`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(LedgerError) -> T {
        do {
            return try await database.read(body)
        } catch {
            throw LedgerError(error, path: path)
        }
    }
}
