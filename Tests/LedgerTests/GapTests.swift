import FleetCore
import Testing

@testable import Ledger

@Suite("gaps")
struct GapTests {
    /// Cycles every 10 s; `m1` reads in the cycles listed, `m2` in all of them (so the agent is up throughout).
    private func run(_ ledger: Ledger, cycles: Int, m1In: Set<Int>) async throws {
        for n in 0..<cycles {
            let t = Double(n) * 10
            var readings = [Make.miner("asic:m2", at: t, powerW: 500)]
            if m1In.contains(n) { readings.append(Make.miner("asic:m1", at: t, powerW: 1000)) }
            try await ledger.append(cycle: Make.cycle(at: t, readings))
        }
    }

    @Test("a device silent for three cycles is integrated across them")
    func shortSilenceIntegrated() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await run(ledger, cycles: 5, m1In: [0, 4])
            #expect(try await ledger.readings(of: "asic:m1").map(\.energyJ) == [0, 40_000])
            #expect(try await ledger.allGaps().isEmpty)
        }
    }

    @Test("a device silent for more than three cycles gets a gap, open until it is seen again")
    func silentDeviceGap() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await run(ledger, cycles: 5, m1In: [0])
            let open = try await ledger.allGaps()
            #expect(open.map(\.device) == ["asic:m1"])
            #expect(open.first?.reason == .silent)
            #expect(open.first?.start == Make.time(0))
            #expect(open.first?.end == nil)
        }
    }

    @Test("nothing is integrated across a gap: the register resumes where it stopped")
    func noIntegrationAcrossGap() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await run(ledger, cycles: 8, m1In: [0, 1, 6, 7])
            #expect(try await ledger.readings(of: "asic:m1").map(\.energyJ) == [0, 10_000, 10_000, 20_000])
            let gaps = try await ledger.allGaps(device: "asic:m1")
            #expect(gaps.count == 1)
            #expect(gaps.first?.start == Make.time(10))
            #expect(gaps.first?.end == Make.time(60))
            let energy = try await ledger.dayIntervals(device: "asic:m1").map(\.energyJ).reduce(0, +)
            #expect(energy == 20_000)
        }
    }

    @Test("an agent that stored no cycle for more than three intervals leaves a gap for every device")
    func agentDownGap() async throws {
        try await ScratchLedger.with { ledger, _ in
            let devices = ["asic:m1", "gpu:A"]
            func cycle(_ t: Double, counter: Double) -> PollCycle {
                Make.cycle(
                    at: t,
                    [
                        Make.miner(devices[0], at: t + 0.2, powerW: 1000),
                        Make.gpu(
                            devices[1], at: t + 0.3,
                            counterJ: counter),
                    ])
            }
            try await ledger.append(cycle: cycle(0, counter: 0))
            try await ledger.append(cycle: cycle(10, counter: 3000))
            let back = try await ledger.append(cycle: cycle(50, counter: 15_000))
            #expect(back.gapsOpened == 2)
            let gaps = try await ledger.allGaps()
            #expect(gaps.map(\.reason) == [.agentDown, .agentDown])
            #expect(Set(gaps.map(\.device)) == Set(devices))
            #expect(gaps.first { $0.device == "asic:m1" }?.start == Make.time(10.2))
            #expect(gaps.first { $0.device == "asic:m1" }?.end == Make.time(50.2))
            #expect(try await ledger.readings(of: "gpu:A").map(\.energyJ) == [0, 3000, 3000])
        }
    }

    @Test("a pause of exactly three intervals is not a gap")
    func threeIntervalsNotDown() async throws {
        try await ScratchLedger.with { ledger, _ in
            try await ledger.append(cycle: Make.cycle(at: 0, [Make.miner("asic:m1", at: 0, powerW: 100)]))
            try await ledger.append(cycle: Make.cycle(at: 30, [Make.miner("asic:m1", at: 30, powerW: 100)]))
            #expect(try await ledger.allGaps().isEmpty)
            #expect(try await ledger.readings(of: "asic:m1").last?.energyJ == 3000)
        }
    }
}
