import FleetCore
import Testing

@testable import Ledger

@Suite("uplink cursor, audit log, saved power limits")
struct ControlTablesTests {
    private func storeTenReadings(_ ledger: Ledger) async throws {
        try await ledger.append(
            cycle: Make.cycle(at: 0, (1...10).map { Make.miner("asic:m\($0)", at: 0, powerW: 100) }))
    }

    @Test("an uplink cursor is kept per sink and never moves back")
    func cursorForwardOnly() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await storeTenReadings(ledger)
            #expect(try await ledger.reader.uplinkCursor(sink: "billing") == 0)
            #expect(try await ledger.advanceUplinkCursor(sink: "billing", to: 7, at: Make.time(1)) == 7)
            #expect(try await ledger.advanceUplinkCursor(sink: "billing", to: 3, at: Make.time(2)) == 7)
            try await ledger.advanceUplinkCursor(sink: "otlp", to: 2, at: Make.time(3))
            #expect(try await ledger.reader.uplinkCursor(sink: "billing") == 7)
            #expect(try await ledger.reader.uplinkCursor(sink: "otlp") == 2)
        }
    }

    @Test("a cursor beyond the last stored seq is refused")
    func cursorBeyondLastSeq() async throws {
        try await ScratchLedger.with { ledger, scratch in
            try await storeTenReadings(ledger)
            await #expect(
                throws: LedgerError.invalidArgument(
                    path: scratch.path, reason: "the cursor of billing cannot move to seq 11: the last seq stored is 10"
                )
            ) {
                try await ledger.advanceUplinkCursor(sink: "billing", to: 11, at: Make.time(1))
            }
        }
    }

    @Test("audit entries are appended with increasing ids and listed after an id")
    func auditAppendAndList() async throws {
        try await ScratchLedger.with { ledger, _ in
            var ids: [Int64] = []
            for watts in [450, 400, 350] {
                let entry = AuditEntry(
                    time: Make.time(Double(watts)), device: "gpu:A", action: "power_limit", from: "600",
                    to: String(watts), reason: "plan window", planVersion: "3", verifiedValue: String(watts))
                ids.append(try await ledger.appendAudit(entry))
            }
            #expect(ids == [1, 2, 3])
            let after = try await ledger.reader.auditEntries(after: 1, limit: 10)
            #expect(after.map(\.id) == [2, 3])
            #expect(after.first?.to == "400")
            #expect(after.first?.planVersion == "3")
            #expect(after.first?.time == Make.time(400))
        }
    }

    @Test("the audit log refuses updates and deletes")
    func auditAppendOnly() async throws {
        try await ScratchLedger.with { ledger, _ in
            let entry = AuditEntry(
                time: Make.time(0), device: "asic:m1", action: "sleep", from: "awake", to: "sleeping",
                reason: "curtailment", planVersion: nil, verifiedValue: nil)
            try await ledger.appendAudit(entry)
            await #expect(throws: (any Error).self) { try await ledger.onWriter("UPDATE audit_log SET reason = 'x'") }
            await #expect(throws: (any Error).self) { try await ledger.onWriter("DELETE FROM audit_log") }
            #expect(try await ledger.reader.auditEntries(after: 0, limit: 10).map(\.reason) == ["curtailment"])
        }
    }

    @Test("a GPU's original power limit is saved once, read back, and deleted on restore")
    func originalPowerLimit() async throws {
        try await ScratchLedger.with { ledger, _ async throws in
            #expect(try await ledger.saveOriginalPowerLimit(device: "gpu:A", watts: 700, at: Make.time(0)) == 700)
            #expect(try await ledger.saveOriginalPowerLimit(device: "gpu:A", watts: 450, at: Make.time(10)) == 700)
            #expect(try await ledger.reader.originalPowerLimit(device: "gpu:A") == 700)
            #expect(try await ledger.reader.originalPowerLimits() == ["gpu:A": 700])
            #expect(try await ledger.forgetOriginalPowerLimit(device: "gpu:A"))
            #expect(try await ledger.reader.originalPowerLimit(device: "gpu:A") == nil)
            #expect(try await !ledger.forgetOriginalPowerLimit(device: "gpu:A"))
        }
    }
}
