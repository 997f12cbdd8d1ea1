import FleetCore
import Testing

@testable import Ledger

@Suite("energy register")
struct EnergyRegisterTests {
    @Test("a GPU's register advances by NVML counter deltas; the stored energy_j is the register")
    func counterDeltas() async throws {
        try await ScratchLedger.with { ledger, _ in
            for (n, counter) in [10_000.0, 10_500, 11_300].enumerated() {
                let t = Double(n) * 10
                try await ledger.append(cycle: Make.cycle(at: t, [Make.gpu("gpu:A", at: t, counterJ: counter)]))
            }
            let stored = try await ledger.readings(of: "gpu:A")
            #expect(stored.map(\.energyJ) == [0, 500, 1300])
            #expect(Set(stored.map(\.energyEpoch)) == ["1"])
            let intervals = try await ledger.dayIntervals()
            #expect(intervals.count == 1)
            #expect(intervals.first?.energyJ == 1300)
            #expect(intervals.first?.quality == .reported)
        }
    }

    @Test("append returns the cycle's readings exactly as stored, register and epoch included")
    func appendReturnsWhatItStored() async throws {
        try await ScratchLedger.with { ledger, _ in
            var returned: [Reading] = []
            for (n, counter) in [10_000.0, 10_500].enumerated() {
                let t = Double(n) * 10
                let cycle = Make.cycle(
                    at: t, [Make.gpu("gpu:A", at: t, counterJ: counter), Make.miner("asic:m", at: t, powerW: 3000)])
                returned += try await ledger.append(cycle: cycle).readings
            }
            #expect(returned == (try await ledger.allReadings()))
            #expect(returned.map(\.seq) == [1, 2, 3, 4] && returned[2].energyJ == 500)
        }
    }

    @Test("a counter going backwards starts a new epoch, with no negative energy anywhere")
    func counterResetNewEpoch() async throws {
        try await ScratchLedger.with { ledger, _ in
            for (n, counter) in [10_000.0, 10_500, 200, 700].enumerated() {
                let t = Double(n) * 10
                try await ledger.append(cycle: Make.cycle(at: t, [Make.gpu("gpu:A", at: t, counterJ: counter)]))
            }
            let stored = try await ledger.readings(of: "gpu:A")
            #expect(stored.map(\.energyJ) == [0, 500, 0, 500])
            #expect(stored.map(\.energyEpoch) == ["1", "1", "3", "3"])
            let intervals = try await ledger.dayIntervals()
            #expect(intervals.allSatisfy { $0.energyJ >= 0 })
            #expect(intervals.map(\.energyJ).reduce(0, +) == 1000)
            let gaps = try await ledger.allGaps()
            #expect(gaps.map(\.reason) == [.counterReset])
            #expect(gaps.first?.start == Make.time(10))
            #expect(gaps.first?.end == Make.time(20))
        }
    }

    /// 1e12 J in 10 s would be a GPU drawing 100 GW: a glitch, never billed.
    @Test("a counter jumping further than the device can draw is a gap, and the register goes on from there")
    func counterJumpIsAGapNotEnergy() async throws {
        try await ScratchLedger.with { ledger, _ in
            for (n, counter) in [10_000.0, 10_500, 1e12, 1e12 + 6_500].enumerated() {
                let t = Double(n) * 10
                try await ledger.append(cycle: Make.cycle(at: t, [Make.gpu("gpu:A", at: t, counterJ: counter)]))
            }
            let stored = try await ledger.readings(of: "gpu:A")
            #expect(stored.map(\.energyJ) == [0, 500, 500, 7_000])
            #expect(Set(stored.map(\.energyEpoch)) == ["1"])
            let gaps = try await ledger.allGaps()
            #expect(gaps.map(\.reason) == [.counterJump])
            #expect(gaps.first?.start == Make.time(10) && gaps.first?.end == Make.time(20))
            #expect(try await ledger.dayIntervals().map(\.energyJ).reduce(0, +) == 7_000)
            #expect(try await ledger.reader.conservation().violations.isEmpty)
        }
    }

    @Test("a miner's uptime going backwards starts a new epoch and the reboot's span is a gap")
    func uptimeResetNewEpoch() async throws {
        try await ScratchLedger.with { ledger, _ in
            for (n, uptime) in [5000.0, 5010, 3, 13].enumerated() {
                let t = Double(n) * 10
                try await ledger.append(
                    cycle: Make.cycle(at: t, [Make.miner("asic:m1", at: t, powerW: 3000, uptimeS: uptime)]))
            }
            let stored = try await ledger.readings(of: "asic:m1")
            #expect(stored.map(\.energyEpoch) == ["1", "1", "3", "3"])
            #expect(stored.map(\.energyJ) == [0, 30_000, 0, 30_000])
            #expect(try await ledger.allGaps().map(\.reason) == [.uptimeReset])
        }
    }

    @Test("power is integrated as a trapezoid, with the quality of the weaker end")
    func trapezoidWeakerQuality() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(
                cycle: Make.cycle(at: 0, [Make.miner("asic:m1", at: 0, powerW: 100, quality: .measured)]))
            try await ledger.append(
                cycle: Make.cycle(at: 10, [Make.miner("asic:m1", at: 10, powerW: 300, quality: .reported)]))
            try await ledger.append(
                cycle: Make.cycle(at: 20, [Make.miner("asic:m1", at: 20, powerW: 300, quality: .measured)]))
            #expect(try await ledger.readings(of: "asic:m1").map(\.energyJ) == [0, 2000, 5000])
            let interval = try #require(try await ledger.dayIntervals().first)
            #expect(interval.quality == .reported)
            #expect(interval.peakW == 300)
        }
    }

    @Test("two measured ends give a measured step")
    func measuredEndsMeasuredStep() async throws {
        try await ScratchLedger.with { ledger, _ in
            for t in [0.0, 10] {
                try await ledger.append(
                    cycle: Make.cycle(at: t, [Make.miner("asic:m1", at: t, powerW: 200, quality: .measured)]))
            }
            #expect(try await ledger.dayIntervals().first?.quality == .measured)
        }
    }

    @Test("a reading without power or counter stores no energy and does not move the register")
    func unusableReading() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(cycle: Make.cycle(at: 0, [Make.miner("asic:m1", at: 0, powerW: 100)]))
            try await ledger.append(cycle: Make.cycle(at: 10, [Make.miner("asic:m1", at: 10, powerW: nil)]))
            try await ledger.append(cycle: Make.cycle(at: 20, [Make.miner("asic:m1", at: 20, powerW: 100)]))
            let stored = try await ledger.readings(of: "asic:m1")
            #expect(stored.map(\.energyJ) == [0, nil, 2000])
            #expect(stored.map(\.energyEpoch) == ["1", nil, "1"])
        }
    }
}
