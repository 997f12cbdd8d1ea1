import FleetCore
import Testing

@testable import Ledger

@Suite("disk full")
struct DiskFullTests {
    private let devices = (1...200).map { "asic:m\($0)" }

    private func cycle(at t: Double) -> PollCycle {
        Make.cycle(at: t, devices.map { Make.miner($0, at: t, powerW: 3000) })
    }

    /// Stores the first cycle, then caps the file at its current size, as a full disk would.
    private func fill(_ ledger: Ledger) async throws {
        try await ledger.append(cycle: cycle(at: 0))
        let pages = try await ledger.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") } ?? 0
        try await ledger.onWriter("PRAGMA max_page_count = \(pages)")
    }

    @Test("a write that meets a full disk throws diskFull naming the file, and stores nothing of the cycle")
    func diskFullTyped() async throws {
        try await ScratchLedger.with { ledger, scratch in
            try await fill(ledger)
            await #expect(throws: LedgerError.diskFull(path: scratch.path)) {
                try await ledger.append(cycle: cycle(at: 10))
            }
            #expect(try await ledger.reader.lastSeq() == 200)
            #expect(try await ledger.allReadings().count == 200)
            #expect(try await ledger.dayIntervals().allSatisfy { $0.energyJ == 0 })
        }
    }

    @Test("when space returns writes resume with the next seq, and the lost readings are a gap")
    func resumeAndGap() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await fill(ledger)
            _ = try? await ledger.append(cycle: cycle(at: 10))
            try await ledger.onWriter("PRAGMA max_page_count = 1073741823")
            #expect(try await ledger.recordLoss(devices: devices, from: Make.time(10)) == 200)
            let resumed = try await ledger.append(cycle: cycle(at: 20))
            #expect(resumed.seqs == 201...400)
            let gaps = try await ledger.allGaps(device: "asic:m7")
            #expect(gaps.map(\.reason) == [.notStored])
            #expect(gaps.first?.start == Make.time(0))
            #expect(gaps.first?.end == Make.time(20))
            #expect(try await ledger.readings(of: "asic:m7").map(\.energyJ) == [0, 0])
        }
    }
}
