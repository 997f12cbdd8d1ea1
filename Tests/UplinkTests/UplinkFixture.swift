import FleetCore
import Foundation
import Ledger

/// A ledger in a temporary folder holding `cycles` cycles of `devices` miners each (seqs 1…cycles×devices).
struct StockedLedger {
    let folder: URL
    let ledger: Ledger

    static let host = "rig-7"

    init(cycles: Int, devices: Int) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uplink-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try await Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        try await add(cycles: cycles, devices: devices, from: 0)
    }

    /// Appends `cycles` more cycles, the first at `first` × 10 s after 2026-12-01T00:00:00Z.
    func add(cycles: Int, devices: Int, from first: Int) async throws {
        for cycle in first..<(first + cycles) {
            let time = Timestamp(millisecondsSinceEpoch: 1_796_083_200_000 + Int64(cycle) * 10_000)
            let readings = (0..<devices).map { index in
                var reading = Reading(
                    time: time, host: Self.host, device: DeviceID("asic:10.0.0.\(index + 1):4028")!, kind: .asic,
                    address: "10.0.0.\(index + 1):4028")
                reading.powerW = 3250
                reading.powerQuality = .reported
                return CycleReading(reading)
            }
            try await ledger.append(cycle: PollCycle(time: time, interval: .seconds(10), readings: readings))
        }
    }

    func remove() async {
        try? await ledger.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
