import FleetCore
import GRDB

/// The agent's durable store, and the only code that touches the database: readings with a per-host `seq`, each
/// device's energy register and its epochs, gaps, 15-minute intervals, the uplink cursors, the audit log and the
/// saved GPU power limits, in one SQLite file (WAL, `synchronous=FULL`).
///
/// One process writes a ledger (the agent); any number read it, in-process through `reader` or from another process
/// through `LedgerReader.open(path:)`.
///
/// Every method is `async` and runs its SQLite work through GRDB's async `read`/`write`, which hop to GRDB's own
/// serial dispatch queues (one writer, a pool of readers): blocking file I/O and `fsync` never occupy a thread of
/// Swift's cooperative pool, so a slow disk cannot stall the poll loop's other tasks. Opening runs on a Dispatch
/// queue for the same reason.
public final class Ledger: Sendable {
    /// The database file.
    public let path: String
    /// The read side of this ledger (readings, devices, intervals, gaps, checks), on the same pool.
    public let reader: LedgerReader
    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
        reader = LedgerReader(path: path, database: pool)
    }

    /// Opens the ledger at `path` for writing, creating it if missing and migrating it to the current schema.
    ///
    /// - Throws: `newerSchema` for a file a newer fleet-agent wrote (left untouched), `cannotOpen` for a path that
    ///   cannot be created or a file that is not a ledger, and the other `LedgerError`s for SQLite failures.
    public static func open(path: String) async throws(LedgerError) -> Ledger {
        try await LedgerFile.offCooperativePool { () throws(LedgerError) in
            Ledger(path: path, pool: try LedgerFile.openWriter(path: path))
        }
    }

    /// Stores one poll cycle in one transaction: each reading gets the next `seq` (contiguous, never repeated, with
    /// no hole left by a failed write), each device's register advances by the cycle's step, the steps are added to
    /// their 15-minute intervals, and gaps are opened and closed. Either all of it is stored or, when this throws,
    /// none of it.
    ///
    /// The stored reading carries `seq`, `energy_j` = the device's register in joules since its epoch began, and
    /// `energy_epoch` = the seq (as text) of the reading that began the epoch; both are null for a reading with
    /// neither power nor a counter. A reading's incoming `energy_j` is taken as the source's own counter (see
    /// `CycleReading`) and kept in the ledger's `counter_j` column, not in the JSON.
    ///
    /// - Throws: `diskFull` when the disk or the size limit is reached (record the loss with `recordLoss` once
    ///   writes succeed again), `invalidCycle` for a non-positive interval or two readings of one device.
    @discardableResult
    public func append(cycle: PollCycle) async throws(LedgerError) -> AppendedCycle {
        let writer = CycleWriter(path: path)
        return try await write { db in try writer.write(cycle, db) }
    }

    /// Closes the database; later calls fail with an SQLite error.
    public func close() async throws(LedgerError) {
        try await LedgerFile.offCooperativePool { [pool, path] () throws(LedgerError) in
            do { try pool.close() } catch { throw LedgerError(error, path: path) }
        }
    }

    /// Runs `body` in one write transaction on GRDB's writer queue, with every error turned into a `LedgerError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(LedgerError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw LedgerError(error, path: path)
        }
    }
}
