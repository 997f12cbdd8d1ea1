import FleetCore
import Testing

@testable import Ledger

@Suite("15-minute intervals")
struct IntervalTests {
    private func append(_ ledger: Ledger, every interval: Duration, _ readings: [(Double, CycleReading)]) async throws {
        for (t, reading) in readings { try await ledger.append(cycle: Make.cycle(at: t, every: interval, [reading])) }
    }

    @Test("a step across a 15-minute boundary is split in proportion to time")
    func splitAcrossBoundary() async throws {
        try await ScratchLedger.with { ledger, _ in
            // 100 W from 00:14:52 to 00:15:02: 1000 J, 8 s before the boundary and 2 s after.
            try await append(
                ledger, every: .seconds(10),
                [
                    (892, Make.miner("asic:m1", at: 892, powerW: 100)),
                    (902, Make.miner("asic:m1", at: 902, powerW: 100)),
                ])
            let rows = try await ledger.dayIntervals()
            #expect(rows.map(\.start) == [Make.time(0), Make.time(900)])
            #expect(rows.map(\.end) == [Make.time(900), Make.time(1800)])
            #expect(rows.map(\.energyJ) == [800, 200])
            #expect(rows.map(\.avgW) == [100, 100])
        }
    }

    @Test("coverage is the fraction of the interval covered by integrated steps")
    func coverage() async throws {
        try await ScratchLedger.with { ledger, _ in
            // Observed from 00:05:00 to 00:12:30 in steps of 90 s: 450 s of 900.
            let readings = stride(from: 300.0, through: 750, by: 90).map {
                ($0, Make.miner("asic:m1", at: $0, powerW: 50))
            }
            try await append(ledger, every: .seconds(90), readings)
            let row = try #require(try await ledger.dayIntervals().first)
            #expect(row.coverage == 0.5)
            #expect(row.energyJ == 22_500)
            #expect(row.avgW == 50)
        }
    }

    @Test("rows are per device and tenant; a tenant filter keeps that tenant's rows only")
    func tenantGrouping() async throws {
        try await ScratchLedger.with { ledger, _ in
            // m1 is acme's until 00:05, then globex's; m2 is acme's throughout.
            for t in stride(from: 0.0, through: 600, by: 60) {
                try await ledger.append(
                    cycle: Make.cycle(
                        at: t, every: .seconds(60),
                        [
                            Make.miner("asic:m1", at: t, powerW: 100, tenant: t <= 300 ? "acme" : "globex"),
                            Make.miner("asic:m2", at: t, powerW: 200, tenant: "acme"),
                        ]))
            }
            let all = try await ledger.dayIntervals()
            #expect(all.map(\.device) == ["asic:m1", "asic:m1", "asic:m2"])
            #expect(all.map(\.tenant) == ["acme", "globex", "acme"])
            #expect(all.map(\.energyJ) == [30_000, 30_000, 120_000])
            let acme = try await ledger.dayIntervals(tenant: "acme")
            #expect(acme.map(\.device) == ["asic:m1", "asic:m2"])
            #expect(acme.map(\.energyJ).reduce(0, +) == 150_000)
            #expect(try await ledger.dayIntervals(tenant: "nobody").isEmpty)
        }
    }

    @Test("a longer step sums the 15-minute rows it holds")
    func hourStep() async throws {
        try await ScratchLedger.with { ledger, _ in
            let readings = stride(from: 0.0, through: 3600, by: 600).map {
                ($0, Make.miner("asic:m1", at: $0, powerW: 100))
            }
            try await append(ledger, every: .seconds(600), readings)
            let hours = try await ledger.reader.intervals(
                from: Make.time(0), to: Make.time(3600), step: .seconds(3600))
            #expect(hours.map(\.start) == [Make.time(0)])
            #expect(hours.first?.energyJ == 360_000)
            #expect(hours.first?.coverage == 1)
            #expect(hours.first?.peakW == 100)
        }
    }

    @Test("a day read in parts on several connections equals its quarter hours read one by one")
    func partsEqualOneSnapshot() async throws {
        try await ScratchLedger.with { ledger, _ in
            for t in stride(from: 0.0, through: 86_400, by: 600) {
                let tenant = t < 40_000 ? "acme" : "globex"
                try await ledger.append(
                    cycle: Make.cycle(
                        at: t, every: .seconds(600),
                        [
                            Make.miner("asic:b", at: t, powerW: 100 + t / 100, tenant: tenant),
                            Make.gpu("gpu:a", at: t + 1, counterJ: t * 300, powerW: 300),
                        ]))
            }
            let day = try await ledger.dayIntervals()
            var oneByOne: [EnergyInterval] = []
            for start in stride(from: 0.0, to: 86_400, by: 900) {
                oneByOne += try await ledger.reader.intervals(from: Make.time(start), to: Make.time(start + 900))
            }
            #expect(day.count == 2 * 96 + 1)  // the tenant changes inside the quarter hour from 39,600 s
            #expect(day == oneByOne)
        }
    }

    @Test("a step that is not a multiple of 15 minutes is refused")
    func badStepRefused() async throws {
        try await ScratchLedger.with { ledger, scratch in
            await #expect(
                throws: LedgerError.invalidArgument(
                    path: scratch.path, reason: "the step must be a whole multiple of 15 minutes, not 600.0 seconds")
            ) {
                try await ledger.reader.intervals(from: Make.time(0), to: Make.time(3600), step: .seconds(600))
            }
        }
    }
}
