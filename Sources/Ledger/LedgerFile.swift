import Dispatch
import Foundation
import GRDB

/// Opens the ledger's SQLite file: the writer (WAL, `synchronous=FULL`, migrated) or a read-only view, after checking
/// that the file's schema version is one this code knows.
enum LedgerFile {
    /// How long a connection waits for a lock another connection holds before giving up with `busy`.
    static let busyTimeout: Double = 10

    /// Opens (creating it if missing) the file for writing: WAL journal, `synchronous=FULL`, migrated to the current
    /// schema. The schema version is checked first on a plain connection that changes nothing, so a file from a newer
    /// schema is refused before the pool (which turns WAL on) or the migrator ever sees it.
    static func openWriter(path: String) throws(LedgerError) -> DatabasePool {
        try refuseNewerSchema(path: path)
        let pool = try makePool(path: path, label: "ledger", readonly: false)
        do {
            try LedgerSchema.migrator.migrate(pool)
            // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after `prepareDatabase` has run, so
            // FULL is set here, on the pool's one writer connection, where it stays for the pool's lifetime. With
            // NORMAL a committed cycle can be lost to a power cut; with FULL the WAL is synced at every commit.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            try? pool.close()
            throw LedgerError(error, path: path)
        }
        return pool
    }

    private static func makePool(path: String, label: String, readonly: Bool) throws(LedgerError) -> DatabasePool {
        var configuration = Configuration()
        configuration.label = label
        configuration.readonly = readonly
        configuration.busyMode = .timeout(busyTimeout)
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw LedgerError(error, path: path)
        }
    }

    /// Throws `newerSchema` when the file at `path` exists and was written by a newer schema; reads only.
    private static func refuseNewerSchema(path: String) throws(LedgerError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let found = try queue.read { try schemaVersion($0, path: path) }
            if found > LedgerSchema.version {
                throw LedgerError.newerSchema(path: path, found: found, supported: LedgerSchema.version)
            }
        } catch {
            throw LedgerError(error, path: path)
        }
    }

    /// Opens an existing ledger read-only, for a process that reads while the agent writes (the CLI, a second
    /// server). Its schema must be exactly the current version: a reader never migrates.
    static func openReader(path: String) throws(LedgerError) -> DatabasePool {
        let pool = try makePool(path: path, label: "ledger-reader", readonly: true)
        do {
            let found = try pool.read { try schemaVersion($0, path: path) }
            if found > LedgerSchema.version {
                throw LedgerError.newerSchema(path: path, found: found, supported: LedgerSchema.version)
            }
            if found < LedgerSchema.version {
                throw LedgerError.olderSchema(path: path, found: found, supported: LedgerSchema.version)
            }
        } catch {
            try? pool.close()
            throw LedgerError(error, path: path)
        }
        return pool
    }

    /// The file's `user_version`, after checking that a file at version 0 is empty (a new file) rather than some
    /// other application's database.
    private static func schemaVersion(_ db: Database, path: String) throws -> Int {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version == 0 {
            let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if tables > 0 {
                throw LedgerError.cannotOpen(
                    path: path, reason: "the file is an SQLite database with \(tables) tables but no ledger schema")
            }
        }
        return version
    }

    /// Runs blocking work (opening files, migrating) on a Dispatch queue, so that it never occupies a thread of
    /// Swift's cooperative pool.
    static func offCooperativePool<T: Sendable>(
        _ work: @escaping @Sendable () throws(LedgerError) -> T
    ) async throws(LedgerError) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, LedgerError>, Never>) in
            DispatchQueue.global().async {
                do throws(LedgerError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
