import Control
import FleetCore
import Foundation
import Ledger
import NVML
import TestSupport
import Testing

/// What control tests run on: FakeNVML (the real library loaded through dlopen) replaying GPU fixtures, a real ledger
/// in a fresh folder, and plans written as YAML.
enum ControlFixtures {
    /// A private FakeNVML replaying `fixtures`, its set calls kept in `journal` (limits survive a reload, as on a
    /// driver).
    static func gpus(_ fixtures: [String], journal: String, lost: [Int] = []) throws -> NVMLLibrary {
        let directory = try #require(FakeNVMLLocator.executableDirectory(), "cannot read /proc/self/exe")
        let library = try #require(
            FakeNVMLLocator.besideExecutable(oldDriver: false), "FakeNVML is not beside the test runner in \(directory)"
        )
        let settings = FakeNVMLSettings(
            fixtures: fixtures.map { PackagePaths.fixture("gpus/" + $0).path }, journal: journal, lost: lost)
        let instance = try FakeNVMLLocator.makeInstance(
            library: library, in: try PackagePaths.temporaryDirectory("control").path, settings: settings)
        return try NVMLLibrary.load(path: instance)
    }

    static func folder() throws -> String { try PackagePaths.temporaryDirectory("control").path }

    static func ledger(in folder: String) async throws -> Ledger {
        try await Ledger.open(path: folder + "/ledger.sqlite")
    }

    /// Every GPU's actuator found from its reading.
    static func lookup(_ nvml: NVMLLibrary) -> @Sendable (Reading) async -> ActuatorLookup {
        { reading in
            GPUActuator(nvml: nvml, device: reading.device).map { .actuator($0) }
                ?? .none(reason: "not an NVML GPU")
        }
    }

    static func plan(budget: Double, gpuCap: Double? = nil, floor: Double = 100) -> String {
        """
        version: 1
        budget_w: \(budget)
        devices:
          - { kind: gpu, class: firm\(gpuCap.map { ", cap_w: \($0)" } ?? ""), floor_w: \(floor) }
        """
    }

    /// Pacing for tests: no hold, every raise at once, retries after 0 s.
    static var quick: ControlSettings {
        var settings = ControlSettings()
        settings.raiseHold = .zero
        settings.raisesPerCycle = 1000
        settings.retryBase = .zero
        return settings
    }

    static func limits(_ nvml: NVMLLibrary) throws -> [Double] {
        try (0..<nvml.deviceCount()).map { try nvml.sample(index: $0).managementLimitW ?? -1 }
    }
}
