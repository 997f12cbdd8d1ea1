import FleetCore
import Foundation
import Testing

@testable import Ledger

@Suite("seq")
struct SequenceTests {
    private func cycle(_ n: Int) -> PollCycle {
        let t = Double(n) * 10
        return Make.cycle(
            at: t, (1...4).map { Make.miner("asic:m\($0)", at: t + 0.1, powerW: 3000) })
    }

    @Test("seq is contiguous from 1 across closing and reopening the file")
    func contiguousAcrossReopen() async throws {
        let scratch = try ScratchLedger()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        var ledger = try await Ledger.open(path: scratch.path)
        for n in 0..<3 { try await ledger.append(cycle: cycle(n)) }
        try await ledger.close()
        ledger = try await Ledger.open(path: scratch.path)
        for n in 3..<5 { try await ledger.append(cycle: cycle(n)) }
        let seqs = try await ledger.allReadings().map(\.seq)
        #expect(seqs == (1...20).map { Int64($0) })
        try await ledger.close()
    }

    @Test("a transaction that fails half-way leaves no hole in seq")
    func failedTransactionLeavesNoHole() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(cycle: cycle(0))
            // The third insert of the next cycle fails, after two readings were inserted in its transaction.
            try await ledger.onWriter(
                """
                CREATE TEMP TRIGGER fail_third BEFORE INSERT ON readings WHEN NEW.seq = 7
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
            await #expect(throws: LedgerError.self) { try await ledger.append(cycle: cycle(1)) }
            try await ledger.onWriter("DROP TRIGGER fail_third")
            let appended = try await ledger.append(cycle: cycle(2))
            #expect(appended.seqs == 5...8)
            let seqs = try await ledger.allReadings().map(\.seq)
            #expect(seqs == (1...8).map { Int64($0) })
        }
    }

    @Test("a cycle with two readings of one device is refused whole")
    func duplicateDeviceRefused() async throws {
        try await ScratchLedger.with { ledger, scratch async throws in
            let twice = Make.cycle(
                at: 0, [Make.miner("asic:m1", at: 0, powerW: 1), Make.miner("asic:m1", at: 0.5, powerW: 2)])
            await #expect(
                throws: LedgerError.invalidCycle(
                    path: scratch.path, reason: "the device asic:m1 has more than one reading in the cycle")
            ) {
                try await ledger.append(cycle: twice)
            }
            #expect(try await ledger.reader.lastSeq() == 0)
        }
    }
}
