import FleetCore
import Foundation
import HostInventory
import NVML
import Testing

/// PCI GPUs matched to NVML readings by bus id.
@Suite struct InventoryMatchTests {
    static let rig = InventoryPaths.pci("SYNTHETIC-mining-rig-3090x1-4090x1.dump")

    static func reading(_ address: String, status: DeviceStatus = .ok, error: String? = nil) -> Reading {
        Reading(
            time: .now(), host: "h", device: DeviceID("gpu:GPU-\(address)")!, kind: .gpu, address: address,
            status: status,
            error: error)
    }

    @Test func gpusMatchByBusIdWhateverTheFormat() throws {
        let inventory = try HostInventory.scan(pciDump: Self.rig, usb: false)
        // NVML's 8-digit domain and sysfs' 4-digit one.
        let matches = inventory.matched(with: [Self.reading("00000000:65:00.0"), Self.reading("0000:17:00.0")])
        #expect(matches.map(\.state) == [.reporting, .reporting])
        #expect(matches.map { $0.pciGPU?.address.description } == ["0000:17:00.0", "0000:65:00.0"])
        #expect(matches[0].reading?.address == "0000:17:00.0")
    }

    @Test func gpuOnTheBusWithoutNVMLIsReportedAsSuch() throws {
        let inventory = try HostInventory.scan(pciDump: Self.rig, usb: false)
        let matches = inventory.matched(with: [Self.reading("0000:17:00.0")])
        #expect(matches.map(\.state) == [.reporting, .notInNVML])
        #expect(matches[1].explanation.contains("not in NVML"))
        #expect(inventory.matched(with: []).allSatisfy { $0.state == .notInNVML })
    }

    @Test func failingAndForeignReadingsAreKept() throws {
        let inventory = try HostInventory.scan(pciDump: Self.rig, usb: false)
        let matches = inventory.matched(with: [
            Self.reading("0000:17:00.0", status: .error, error: "no permission"), Self.reading("0000:b3:00.0"),
            Reading(time: .now(), host: "h", device: DeviceID("asic:x")!, kind: .asic, address: "10.0.0.1:4028"),
        ])
        #expect(matches.map(\.state) == [.failing, .notInNVML, .notOnBus])
        #expect(matches[0].explanation.contains("no permission"))
        #expect(matches[2].reading?.address == "0000:b3:00.0")
    }

    /// The whole path: the SYNTHETIC rig's PCI dump next to FakeNVML replaying the same rig, one GPU lost.
    @Test func fakeNVMLRigMatchesItsDump() throws {
        let library = try #require(FakeNVMLLocator.besideExecutable())
        let settings = FakeNVMLSettings(fixtures: [InventoryPaths.gpus("SYNTHETIC-mining-rig-3090x1-4090x1.gpu")])
        let nvml = try NVMLLibrary.load(
            path: try FakeNVMLLocator.makeInstance(
                library: library, in: try InventoryPaths.temporaryDirectory(), settings: settings))
        let inventory = try HostInventory.scan(pciDump: Self.rig, usb: false)
        let matches = inventory.matched(with: nvml.readAll(host: "rig", at: .now()))
        #expect(matches.map(\.state) == [.reporting, .reporting])
        #expect(matches[1].reading?.model == "NVIDIA GeForce RTX 4090")

        var lost = settings
        lost.lost = [1]
        let broken = try NVMLLibrary.load(
            path: try FakeNVMLLocator.makeInstance(
                library: library, in: try InventoryPaths.temporaryDirectory(), settings: lost))
        let states = inventory.matched(with: broken.readAll(host: "rig", at: .now())).map(\.state)
        #expect(states == [.reporting, .notInNVML, .notOnBus])
    }
}
