import FleetCore
import Foundation
import GRDB
import Testing

@testable import Ledger

@Suite("schema and pragmas")
struct SchemaTests {
    @Test("a file from a newer schema is refused, naming both versions, and left untouched")
    func newerSchemaRefused() async throws {
        let scratch = try ScratchLedger()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let ledger = try await Ledger.open(path: scratch.path)
        try await ledger.close()
        let queue = try DatabaseQueue(path: scratch.path)
        try await queue.write { try $0.execute(sql: "PRAGMA user_version = 7") }
        try queue.close()

        let refusal = LedgerError.newerSchema(path: scratch.path, found: 7, supported: LedgerSchema.version)
        await #expect(throws: refusal) { try await Ledger.open(path: scratch.path) }
        await #expect(throws: refusal) { try await LedgerReader.open(path: scratch.path) }
        #expect(refusal.description.contains("version 7"))
        #expect(refusal.description.contains("up to \(LedgerSchema.version)"))
        #expect(refusal.description.contains(scratch.path))

        let after = try DatabaseQueue(path: scratch.path)
        #expect(try await after.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 7)
        #expect(
            try await after.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") } == [
                "v1", "v2",
            ])
        try after.close()
    }

    @Test(
        "a version-1 ledger is upgraded in place: its audit entries and saved limits kept, outcome and miners' originals added"
    )
    func versionOneUpgraded() async throws {
        let scratch = try ScratchLedger()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let queue = try DatabaseQueue(path: scratch.path)
        try LedgerSchema.migrator.migrate(queue, upTo: "v1")
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (time_ms, device, action, reason) VALUES (1, 'gpu:GPU-1', 'set_limit', 'x')"
            )
            try db.execute(sql: "INSERT INTO power_limits (device, original_w, saved_ms) VALUES ('gpu:GPU-1', 400, 1)")
        }
        try queue.close()
        let ledger = try await Ledger.open(path: scratch.path)
        let entries = try await ledger.reader.auditEntries(after: 0, limit: 10)
        #expect(entries.map(\.action) == ["set_limit"] && entries.first?.outcome == nil)
        #expect(try await ledger.reader.originalPowerLimits() == ["gpu:GPU-1": 400])
        try await ledger.saveOriginalSetting(device: "asic:10.0.0.1:4028", setting: "step normal 3250", at: .now())
        #expect(try await ledger.reader.originalSettings() == ["asic:10.0.0.1:4028": "step normal 3250"])
        try await ledger.close()
    }

    @Test("an SQLite file of another application is not taken for a ledger")
    func foreignDatabaseRefused() async throws {
        let scratch = try ScratchLedger()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let queue = try DatabaseQueue(path: scratch.path)
        try await queue.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try queue.close()
        await #expect(
            throws: LedgerError.cannotOpen(
                path: scratch.path, reason: "the file is an SQLite database with 1 tables but no ledger schema")
        ) {
            try await Ledger.open(path: scratch.path)
        }
    }

    @Test("the writer runs in WAL mode with synchronous=FULL, and the file carries the schema version")
    func walAndSynchronousFull() async throws {
        try await ScratchLedger.with { ledger, _ in
            let (journal, synchronous) = try await ledger.pool.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
            }
            #expect(journal == "wal")
            #expect(synchronous == 2)  // FULL
            let version = try await ledger.pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
            #expect(version == LedgerSchema.version)
        }
    }

    @Test("a folder that does not exist cannot hold a ledger, and the error names the path")
    func missingFolder() async throws {
        let path = "/nonexistent-\(UUID().uuidString)/ledger.sqlite"
        await #expect {
            try await Ledger.open(path: path)
        } throws: { error in
            guard case .cannotOpen(let named, _) = error as? LedgerError else { return false }
            return named == path
        }
    }
}
