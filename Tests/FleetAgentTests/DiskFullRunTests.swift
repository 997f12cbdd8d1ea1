import FleetCore
import Foundation
import Ledger
import Replay
import Testing

/// The running agent's ledger on a small tmpfs that a ballast file fills to the last byte: each cycle it cannot store
/// is logged naming the full ledger, polling goes on (the API shows fresh readings, without energy), and once the
/// ballast is gone storing resumes with the next seq, the lost time recorded as a `not_stored` gap, never billed.
@Suite struct DiskFullRunTests {
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskIsLoggedPollingGoesOnAndTheLossBecomesAGap() async throws {
        try await RunCommandTests.withFixtureMiners { try await Self.fillAndEmpty(against: $0) }
    }

    static func fillAndEmpty(against fixtures: FixtureMinerServer) async throws {
        let folder = try RunCommandTests.site(
            miners: fixtures.endpoints.map(\.address.original), extra: "\nhttp: { listen: 127.0.0.1:0 }\n")
        let disk = try await SmallDisk.mount(over: folder.appendingPathComponent("state"), size: "8m")
        defer { disk.unmount() }
        let ledgerPath = folder.appendingPathComponent("state/ledger.sqlite").path
        let agent = try RunningAgent.start(config: folder.appendingPathComponent("agent.yaml"))
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        let gpu = "gpu:GPU-00000000-0000-0000-0000-000000000000"
        var energyServed: [Double] = []  // the GPU's fleet_device_energy_joules_total, as it goes
        func sampleEnergy() async throws {
            let sample = try await api.metrics().samples("fleet_device_energy_joules_total", ["device": gpu]).first
            if let value = sample?.value { energyServed.append(value) }
        }

        // Storing: three cycles (three devices each).
        try await eventually("3 cycles stored") { try await api.readings().count >= 9 }
        try await sampleEnergy()

        // Full: every cycle from now on fails to store, and says so.
        try await disk.fill()
        let filled = Date()
        try await eventually("3 cycles refused by the full disk") {
            try await api.health()["store_failures"] as? Int ?? 0 >= 3
        }
        let stored = try await api.readings()
        let cyclesAtFull = try await api.health()["cycles"] as? Int ?? 0
        try await sampleEnergy()
        try await eventually("2 more cycles polled while the disk is full") {
            try await api.health()["cycles"] as? Int ?? 0 >= cyclesAtFull + 2
        }
        #expect(agent.process.isRunning)
        #expect(try await api.readings().count == stored.count, "stored while the disk was full")
        let message = "readings not stored: the ledger \(ledgerPath) is full (its disk has no space left"
        #expect(agent.log.contains(message), "no clear disk-full error in the log:\n\(agent.log)")
        let failures = try await api.metrics().samples("fleet_agent_ledger_write_failures_total").first?.value ?? 0
        #expect(failures >= 3)
        // The API still shows each device's latest reading, polled after the disk filled, with no seq and no energy
        // (an unstored reading has no register).
        let latest = try await api.devices()
        #expect(latest.count == 3)
        for reading in latest {
            let time = try #require(Self.date(reading["time"]), "\(reading)")
            #expect(time > filled, "\(reading["device"] ?? "?") was not polled after the disk filled")
            #expect(reading["seq"] == nil && reading["energy_j"] is NSNull, "\(reading)")
        }
        // The energy counter keeps the last stored register (not the GPU's own counter, which runs on).
        let lastStoredGPU = stored.last { $0["device"] as? String == gpu }?["energy_j"] as? Double
        try await sampleEnergy()
        let held = try #require(energyServed.last) - (lastStoredGPU ?? -1)
        #expect(abs(held) < 1e-6, "served \(energyServed), last stored \(lastStoredGPU as Any)")

        // Space again: storing resumes, and says so.
        try disk.empty()
        try await eventually("2 cycles stored after the ballast was deleted") {
            try await api.readings().count >= stored.count + 6
        }
        #expect(agent.log.contains("the ledger stores again; 3 devices got a gap from"), "\(agent.log)")
        try await sampleEnergy()
        #expect(zip(energyServed, energyServed.dropFirst()).allSatisfy { $0 <= $1 }, "went down: \(energyServed)")
        #expect(try await agent.stop(), "the agent did not stop cleanly on SIGTERM:\n\(agent.log)")

        try await checkLedger(path: ledgerPath)
    }

    /// The ledger after the agent stopped: seq has no hole and no duplicate; each device's readings either side of
    /// the outage are joined by one `not_stored` gap and nothing was integrated across it; energy is conserved.
    static func checkLedger(path: String) async throws {
        let reader = try await LedgerReader.open(path: path)
        let readings = try await reader.readings(after: 0, limit: 1_000_000)
        let seqs = readings.compactMap(\.seq)
        #expect(seqs == Array(1...Int64(readings.count)), "seq has a hole or a duplicate: \(seqs)")
        let gaps = try await reader.gaps(
            from: Timestamp(millisecondsSinceEpoch: 0), to: Timestamp(millisecondsSinceEpoch: Int64.max / 2))
        for device in Set(readings.map(\.device.description)) {
            let own = readings.filter { $0.device.description == device }
            // The outage: the longest wait between two of the device's stored readings (at least 3 intervals of 2 s).
            let pairs = zip(own, own.dropFirst()).map { (before: $0, after: $1) }
            let outage = try #require(
                pairs.max {
                    $0.after.time.millisecondsSinceEpoch - $0.before.time.millisecondsSinceEpoch
                        < $1.after.time.millisecondsSinceEpoch - $1.before.time.millisecondsSinceEpoch
                })
            let waited = outage.after.time.millisecondsSinceEpoch - outage.before.time.millisecondsSinceEpoch
            #expect(waited >= 6_000, "\(device): no outage in its readings")
            let notStored = gaps.filter { $0.device == device && $0.reason == .notStored }
            #expect(notStored.count == 1, "\(device): \(gaps.filter { $0.device == device })")
            let gap = try #require(notStored.first)
            let around = "\(device): \(gap), readings \(outage.before.time.rfc3339) and \(outage.after.time.rfc3339)"
            if outage.before.energyJ != nil {
                // From the device's last stored observation to its next.
                #expect(gap.start == outage.before.time && gap.end == outage.after.time, "\(around)")
            } else {
                // A device without energy (the S19 Pro's replies have no power) has no observation to start from: its
                // gap begins with the first unstored cycle and stays open until it has one.
                #expect(gap.start > outage.before.time && gap.start < outage.after.time && gap.end == nil, "\(around)")
            }
            #expect(outage.after.energyJ == outage.before.energyJ, "\(device): energy integrated across the gap")
        }
        let report = try await reader.conservation()
        #expect(report.violations.isEmpty, "\(report.violations)")
    }

    /// An RFC 3339 time with milliseconds, as the API writes it.
    static func date(_ value: Any?) -> Date? {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (value as? String).flatMap(format.date)
    }
}
