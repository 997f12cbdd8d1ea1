import FleetCore
import Testing

@testable import Ledger

/// SplitMix64: a small seeded generator, so that the randomized run is the same every time.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// 200 cycles of 4 GPUs (NVML counters) and 4 miners (power, uptime) with counter resets, reboots, silences,
/// unusable readings, tenant changes, two agent outages and one recorded loss.
private struct RandomizedSite {
    var random = SeededGenerator(state: 20_261_201)
    var counters: [String: Double] = [:]
    var uptimes: [String: Double] = [:]
    var silentUntil: [String: Int] = [:]
    var tenants: [String: String] = [:]
    let gpus = (1...4).map { "gpu:G\($0)" }
    let miners = (1...4).map { "asic:M\($0)" }

    mutating func cycle(_ n: Int, at t: Double) -> PollCycle {
        var readings: [CycleReading] = []
        for device in gpus + miners {
            if Double.random(in: 0..<1, using: &random) < 0.03 {
                silentUntil[device] = n + Int.random(in: 1...6, using: &random)
            }
            if let until = silentUntil[device], n < until { continue }
            if Double.random(in: 0..<1, using: &random) < 0.05 {
                tenants[device] = ["acme", "globex", "initech"].randomElement(using: &random)
            }
            let at = t + Double.random(in: 0..<2, using: &random).rounded(toPlaces: 3)
            let power = Double.random(in: 200...3500, using: &random)
            let usable = Double.random(in: 0..<1, using: &random) >= 0.05
            if gpus.contains(device) {
                var counter = (counters[device] ?? Double.random(in: 0...1e9, using: &random)) + power * 10
                if Double.random(in: 0..<1, using: &random) < 0.03 {
                    counter = Double.random(in: 0...1000, using: &random)
                }
                counters[device] = counter
                readings.append(
                    Make.gpu(
                        device, at: at, counterJ: usable ? counter : nil, powerW: usable ? power : nil,
                        tenant: tenants[device]))
            } else {
                var uptime = (uptimes[device] ?? 1000) + 10
                if Double.random(in: 0..<1, using: &random) < 0.03 { uptime = Double.random(in: 0...5, using: &random) }
                uptimes[device] = uptime
                let quality = [PowerQuality.measured, .reported, .estimated].randomElement(using: &random)
                readings.append(
                    Make.miner(
                        device, at: at, powerW: usable ? power : nil, quality: quality, tenant: tenants[device],
                        uptimeS: uptime))
            }
        }
        return Make.cycle(at: t, readings)
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}

@Suite("conservation")
struct ConservationTests {
    @Test("over a seeded 200-cycle run with resets and gaps, intervals equal register differences per epoch")
    func randomizedRunConserves() async throws {
        try await ScratchLedger.with { ledger, _ in
            var site = RandomizedSite()
            var t = 0.0
            for n in 0..<200 {
                if n == 100 { t += 120 }  // the agent was down
                if n == 150 { t += 25 }  // just over three intervals since the last cycle
                if n == 170 {
                    try await ledger.recordLoss(devices: ["gpu:G1", "asic:M1"], from: Make.time(t))
                }
                try await ledger.append(cycle: site.cycle(n, at: t))
                t += 10
            }
            let report = try await ledger.reader.conservation()
            #expect(report.violations.isEmpty)
            #expect(report.epochsChecked > 8)

            // Independently of the check: every epoch's last register adds up to all the intervals' energy.
            let readings = try await ledger.allReadings()
            #expect(readings.allSatisfy { ($0.energyJ ?? 0) >= 0 })
            var lastRegister: [String: Double] = [:]
            for reading in readings {
                guard let energy = reading.energyJ, let epoch = reading.energyEpoch else { continue }
                lastRegister["\(reading.device) \(epoch)"] = energy
            }
            let intervals = try await ledger.reader.intervals(from: Make.time(0), to: Make.time(86_400))
            #expect(intervals.allSatisfy { $0.energyJ >= 0 && $0.coverage <= 1 })
            let total = intervals.map(\.energyJ).reduce(0, +)
            let registers = lastRegister.values.reduce(0, +)
            #expect(abs(total - registers) <= 1e-6 * registers)
            let reasons = Set(try await ledger.allGaps().map(\.reason))
            #expect(reasons.isSuperset(of: [.agentDown, .silent, .counterReset, .uptimeReset, .notStored]))
        }
    }

    @Test("the check reports an interval that does not match its register")
    func tamperedIntervalReported() async throws {
        try await ScratchLedger.with { ledger, _ in
            for t in [0.0, 10, 20] {
                try await ledger.append(cycle: Make.cycle(at: t, [Make.miner("asic:m1", at: t, powerW: 100)]))
            }
            #expect(try await ledger.reader.conservation().violations.isEmpty)
            try await ledger.onWriter("UPDATE intervals SET energy_j = energy_j + 5")
            let report = try await ledger.reader.conservation()
            #expect(
                report.violations == [
                    ConservationViolation(device: "asic:m1", epoch: "1", registerJ: 2000, intervalsJ: 2005)
                ])
        }
    }
}
