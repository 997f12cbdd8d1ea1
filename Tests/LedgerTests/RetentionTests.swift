import FleetCore
import Testing

@testable import Ledger

@Suite("retention")
struct RetentionTests {
    private static let day = 86_400.0

    /// Two days of one miner read every 10 minutes (the agent's interval), 289 readings.
    private func twoDays(_ ledger: Ledger) async throws {
        for t in stride(from: 0.0, through: 2 * Self.day, by: 600) {
            let reading = Make.miner("asic:m1", at: t, powerW: 1000)
            try await ledger.append(cycle: PollCycle(time: Make.time(t), interval: .seconds(600), readings: [reading]))
        }
    }

    @Test("raw readings older than their horizon are deleted; intervals are kept, and still conserve energy")
    func readingsPruned() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await twoDays(ledger)
            let intervalsBefore = try await ledger.reader.intervals(from: Make.time(0), to: Make.time(3 * Self.day))
            let pruned = try await ledger.prune(
                RetentionPolicy(readings: .seconds(86_400), intervals: .seconds(30 * 86_400), batchSize: 50),
                now: Make.time(2 * Self.day))
            let kept = try await ledger.allReadings()
            // The epoch's first reading stays for the conservation check; the rest before the horizon goes.
            #expect(kept.first?.time == Make.time(0))
            #expect(kept.dropFirst().first?.time == Make.time(Self.day))
            #expect(pruned.readings == 143)  // 144 before the horizon, less the epoch's first
            #expect(pruned.intervals == 0)
            let intervalsAfter = try await ledger.reader.intervals(from: Make.time(0), to: Make.time(3 * Self.day))
            #expect(intervalsAfter == intervalsBefore)
            let report = try await ledger.reader.conservation()
            #expect(report.epochsChecked == 1 && report.violations.isEmpty)
        }
    }

    @Test("intervals are never deleted while readings of their time are kept")
    func intervalsOutliveReadings() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await twoDays(ledger)
            let pruned = try await ledger.prune(
                RetentionPolicy(readings: .seconds(86_400), intervals: .seconds(3600)), now: Make.time(2 * Self.day))
            let rows = try await ledger.reader.intervals(from: Make.time(0), to: Make.time(3 * Self.day))
            #expect(pruned.intervals == 96)
            #expect(rows.first?.start == Make.time(Self.day))
            // Some of its intervals are gone, so the epoch can no longer be checked.
            #expect(try await ledger.reader.conservation().epochsChecked == 0)
        }
    }

    @Test("the newest cycle survives any horizon, so an outage after pruning is still a gap")
    func newestCycleKept() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(cycle: Make.cycle(at: 0, [Make.miner("asic:m1", at: 0, powerW: 100)]))
            try await ledger.prune(RetentionPolicy(readings: .zero, intervals: .zero), now: Make.time(3600))
            try await ledger.append(cycle: Make.cycle(at: 3600, [Make.miner("asic:m1", at: 3600, powerW: 100)]))
            #expect(try await ledger.allGaps().map(\.reason) == [.agentDown])
        }
    }

    @Test("readings an upstream has not acknowledged outlive the horizon; once acknowledged they go")
    func undeliveredReadingsKept() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await twoDays(ledger)
            let policy = RetentionPolicy(
                readings: .seconds(86_400), intervals: .seconds(30 * 86_400), keepUndeliveredFor: ["readings"])
            // Nothing acknowledged: nothing goes.
            #expect(try await ledger.prune(policy, now: Make.time(2 * Self.day)).readings == 0)
            try await ledger.advanceUplinkCursor(sink: "readings", to: 100, at: Make.time(2 * Self.day))
            // Up to seq 100 (less the epoch's first reading): 99 go; 101… are kept though older than a day.
            #expect(try await ledger.prune(policy, now: Make.time(2 * Self.day)).readings == 99)
            let kept = try await ledger.allReadings().compactMap(\.seq)
            #expect(kept.first == 1 && kept.dropFirst().first == 101)
            // All acknowledged: the rest before the horizon goes too (144 in all, less the epoch's first).
            try await ledger.advanceUplinkCursor(sink: "readings", to: 289, at: Make.time(2 * Self.day))
            #expect(try await ledger.prune(policy, now: Make.time(2 * Self.day)).readings == 44)
        }
    }
}
