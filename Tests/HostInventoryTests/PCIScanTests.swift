import Foundation
import HostInventory
import NVML
import Testing

/// libpci enumeration from the recorded dumps and from a recorded sysfs tree.
@Suite struct PCIScanTests {
    @Test func syntheticRigShowsTwoGPUsAndSkipsTheAudioFunction() throws {
        let inventory = try HostInventory.scan(
            pciDump: InventoryPaths.pci("SYNTHETIC-mining-rig-3090x1-4090x1.dump"), usb: false)
        #expect(inventory.pciDevices.map(\.address.description) == ["0000:17:00.0", "0000:17:00.1", "0000:65:00.0"])
        let gpus = inventory.pciGPUs
        #expect(gpus.map(\.address.description) == ["0000:17:00.0", "0000:65:00.0"])
        #expect(gpus.map(\.ids) == ["10de:2204", "10de:2684"])
        #expect(gpus.map(\.modelName) == ["GeForce RTX 3090", "GeForce RTX 4090"])
        #expect(gpus[1].subsystemVendorID == 0x1458 && gpus[1].subsystemID == 0x40bf)
        #expect(inventory.pciDevices[1].deviceClass == 0x0403 && !inventory.pciDevices[1].isNVIDIAGPU)
        #expect(inventory.usbDevices.isEmpty)
    }

    @Test func h100IsA3DController() throws {
        let devices = try PCIScanner.scan(.dump(path: InventoryPaths.pci("nvidia-h100-sxm5-80gb.dump")))
        let h100 = try #require(devices.first)
        #expect(devices.count == 1 && h100.isNVIDIAGPU)
        #expect(h100.address.description == "0000:62:00.0")
        #expect(h100.deviceClass == 0x0302 && h100.ids == "10de:2330" && h100.revision == 0xa1)
        #expect(h100.subsystemVendorID == 0x10de && h100.subsystemID == 0x16c1)
        #expect(h100.modelName == "H100 SXM5 80GB")
    }

    @Test func verboseLspciOutputIsReadLikeTheBareDump() throws {
        let verbose = try PCIScanner.scan(.dump(path: InventoryPaths.pci("nvidia-quadro-p1000_lspci-v-x.dump")))
        let bare = try PCIScanner.scan(.dump(path: InventoryPaths.pci("nvidia-quadro-p1000.dump")))
        #expect(verbose == bare)
        #expect(verbose.map(\.ids) == ["10de:1cb1"] && verbose.first?.address.description == "0000:04:00.0")
        #expect(verbose.first?.driver == nil)  // a dump has no driver information
    }

    /// A minimal sysfs tree (what libpci 3.9 opens), with the nvidia driver bound to the GPU only.
    static func sysfsTree() throws -> String {
        let root = try InventoryPaths.temporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/drivers/nvidia", withIntermediateDirectories: true)
        for (address, device, cls, driver) in [
            ("0000:17:00.0", "0x2204", "0x030000", true), ("0000:17:00.1", "0x1aef", "0x040300", false),
            ("0000:65:00.0", "0x2684", "0x030000", false),
        ] {
            let dir = root + "/devices/" + address
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (name, value) in [
                ("vendor", "0x10de"), ("device", device), ("class", cls), ("revision", "0xa1"),
                ("subsystem_vendor", "0x1043"), ("subsystem_device", "0x3880"), ("irq", "0"),
            ] {
                try (value + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            }
            try Data(repeating: 0, count: 64).write(to: URL(fileURLWithPath: dir + "/config"))
            if driver {
                try fm.createSymbolicLink(atPath: dir + "/driver", withDestinationPath: "../../drivers/nvidia")
            }
        }
        return root
    }

    @Test func sysfsTreeGivesTheBoundDriver() throws {
        let devices = try PCIScanner.scan(.sysfs(root: try Self.sysfsTree()))
        #expect(devices.map(\.address.description) == ["0000:17:00.0", "0000:17:00.1", "0000:65:00.0"])
        #expect(devices.map(\.driver) == ["nvidia", nil, nil])
        #expect(devices.filter(\.isNVIDIAGPU).count == 2)
    }

    @Test func brokenSysfsTreeIsAnErrorNotAnExit() throws {
        let root = try Self.sysfsTree()
        try FileManager.default.removeItem(atPath: root + "/devices/0000:65:00.0/vendor")
        let error = #expect(throws: InventoryInputError.self) { try PCIScanner.scan(.sysfs(root: root)) }
        #expect(error?.file == root && error?.reason.hasPrefix("libpci: ") == true)
        // Still running: libpci's exit(1) handler was never installed.
        #expect(try PCIScanner.scan(.sysfs(root: try Self.sysfsTree())).count == 3)
    }
}
