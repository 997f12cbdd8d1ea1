import FleetCore
import Foundation
import GRDB
import Testing

@testable import Ledger

/// A ledger in a folder of its own under the temporary directory, removed after the test.
struct ScratchLedger {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var path: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// Runs `body` with a freshly opened ledger, then closes it and removes the folder.
    @discardableResult
    static func with<T>(_ body: (Ledger, ScratchLedger) async throws -> T) async throws -> T {
        let scratch = try ScratchLedger()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let ledger = try await Ledger.open(path: scratch.path)
        let result = try await body(ledger, scratch)
        try? await ledger.close()
        return result
    }
}

/// Readings and cycles for the tests, on a clock that starts at 2026-12-01T00:00:00Z (a 15-minute boundary).
enum Make {
    static let start: Int64 = 1_796_083_200_000
    static let interval = Duration.seconds(10)

    /// `seconds` after the start.
    static func time(_ seconds: Double) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: start + Int64((seconds * 1000).rounded()))
    }

    static func miner(
        _ device: String, at seconds: Double, powerW: Double?, quality: PowerQuality? = .reported,
        tenant: String? = nil, uptimeS: Double? = nil
    ) -> CycleReading {
        var reading = Reading(
            time: time(seconds), host: "host-1", device: DeviceID(device)!, kind: .asic, address: "10.0.0.1:4028")
        reading.powerW = powerW
        reading.powerQuality = powerW == nil ? nil : quality
        reading.tenant = tenant
        if powerW == nil {
            reading.status = .unreachable
            reading.error = "no answer"
        }
        return CycleReading(reading, uptimeS: uptimeS)
    }

    /// A GPU whose `energy_j` is NVML's raw counter.
    static func gpu(
        _ device: String, at seconds: Double, counterJ: Double?, powerW: Double? = nil, tenant: String? = nil
    ) -> CycleReading {
        var reading = Reading(
            time: time(seconds), host: "host-1", device: DeviceID(device)!, kind: .gpu, address: "0000:17:00.0")
        reading.energyJ = counterJ
        reading.powerW = powerW
        reading.powerQuality = .reported
        reading.tenant = tenant
        return CycleReading(reading)
    }

    static func cycle(at seconds: Double, every interval: Duration = interval, _ readings: [CycleReading]) -> PollCycle
    {
        PollCycle(time: time(seconds), interval: interval, readings: readings)
    }
}

extension Ledger {
    /// Every stored reading, in seq order.
    func allReadings() async throws -> [Reading] {
        try await reader.readings(after: 0, limit: 1_000_000)
    }

    /// The stored readings of one device, in seq order.
    func readings(of device: String) async throws -> [Reading] {
        try await allReadings().filter { $0.device.description == device }
    }

    /// All 15-minute intervals of the test day.
    func dayIntervals(device: String? = nil, tenant: String? = nil) async throws -> [EnergyInterval] {
        try await reader.intervals(
            from: Make.time(0), to: Make.time(86_400), device: device, tenant: tenant)
    }

    /// All gaps of the test day and the next.
    func allGaps(device: String? = nil) async throws -> [EnergyGap] {
        try await reader.gaps(from: Make.time(-86_400), to: Make.time(2 * 86_400), device: device)
    }

    /// Runs raw SQL on the writer connection (to inject faults and limits).
    func onWriter(_ sql: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
