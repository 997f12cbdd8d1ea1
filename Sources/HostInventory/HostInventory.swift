import FleetCore
import NVML

/// What is plugged into this host: NVIDIA GPUs on the PCI bus and USB miners and relays.
public struct HostInventory: Sendable {
    /// Every PCI function the scan saw, sorted by address.
    public var pciDevices: [PCIDevice]
    /// Where the PCI view came from (`/sys/bus/pci` or the dump file).
    public var pciSource: PCISource
    /// USB devices with what the catalog made of them; empty when USB was not scanned.
    public var usbDevices: [USBInventoryEntry]
    /// Problems that did not stop the inventory (libusb unavailable, …).
    public var warnings: [String]

    public init(
        pciDevices: [PCIDevice], pciSource: PCISource, usbDevices: [USBInventoryEntry] = [], warnings: [String] = []
    ) {
        self.pciDevices = pciDevices
        self.pciSource = pciSource
        self.usbDevices = usbDevices
        self.warnings = warnings
    }

    /// NVIDIA display/3D controllers (vendor 0x10de, class 0x03xx): the GPUs, without their audio functions.
    public var pciGPUs: [PCIDevice] { pciDevices.filter(\.isNVIDIAGPU) }

    /// Scans PCI (sysfs, or the `lspci -x` dump `pciDump`) and USB (libusb, or the recorded `usbRecord`).
    /// Bad input (dump, record) throws `InventoryInputError` naming the file and line; a libusb failure on
    /// the live host only adds a warning.
    public static func scan(pciDump: String?, usb: Bool = true, usbRecord: String? = nil) throws -> HostInventory {
        try scan(
            pci: pciDump.map { .dump(path: $0) } ?? .sysfs(),
            usb: usb ? (usbRecord.map { .record(path: $0) } ?? .libusb()) : nil)
    }

    /// `scan(pciDump:usb:usbRecord:)` with explicit sources (a recorded sysfs tree, another USB sysfs root).
    public static func scan(
        pci: PCISource, usb: USBSource?, catalog: USBCatalog = .builtIn
    ) throws -> HostInventory {
        var inventory = HostInventory(pciDevices: try PCIScanner.scan(pci), pciSource: pci)
        guard let usb else { return inventory }
        do {
            inventory.usbDevices = try USBScanner.scan(usb).map {
                USBInventoryEntry(device: $0, recognition: catalog.recognize($0))
            }
        } catch let error as USBScanError {
            inventory.warnings.append("USB not scanned: \(error)")
        }
        return inventory
    }

    /// Each PCI GPU with its NVML reading (matched by bus id), and each NVML GPU the bus does not show.
    public func matched(with readings: [Reading]) -> [InventoryMatch] {
        let gpuReadings = readings.filter { $0.kind == .gpu }
        var byAddress: [PCIBusID: Reading] = [:]
        for reading in gpuReadings {
            if let address = PCIBusID(reading.address) { byAddress[address] = reading }
        }
        var used = Set<PCIBusID>()
        var matches: [InventoryMatch] = pciGPUs.map { gpu in
            // NVML reports function 0 of the GPU; compare the slot.
            let key = PCIBusID(domain: gpu.address.domain, bus: gpu.address.bus, device: gpu.address.device)
            guard let reading = byAddress[key] else { return InventoryMatch(pciGPU: gpu, reading: nil) }
            used.insert(key)
            return InventoryMatch(pciGPU: gpu, reading: reading)
        }
        for reading in gpuReadings where PCIBusID(reading.address).map({ !used.contains($0) }) ?? true {
            matches.append(InventoryMatch(pciGPU: nil, reading: reading))
        }
        return matches
    }
}

/// A GPU as the bus and NVML see it together.
public struct InventoryMatch: Sendable, Equatable {
    public var pciGPU: PCIDevice?
    public var reading: Reading?

    public enum State: String, Sendable, Equatable {
        /// On the bus and read by NVML.
        case reporting
        /// On the bus; NVML knows it but could not read it (lost, no permission, …).
        case failing
        /// On the bus, absent from NVML: no driver bound, driver not loaded, or fallen off the bus.
        case notInNVML = "not-in-nvml"
        /// Read by NVML but not on the bus that was scanned (a dump from another host, or a lost GPU whose
        /// bus id NVML no longer gives).
        case notOnBus = "not-on-bus"
    }

    public var state: State {
        switch (pciGPU, reading) {
        case (_?, let reading?): reading.status == .ok ? .reporting : .failing
        case (_?, nil): .notInNVML
        default: .notOnBus
        }
    }

    /// One line for a person about this GPU.
    public var explanation: String {
        switch state {
        case .reporting: return "NVML reports it as \(reading!.device)"
        case .failing: return "NVML knows it but cannot read it: \(reading!.error ?? "status \(reading!.status)")"
        case .notInNVML:
            let driver = pciGPU?.driver.map { "kernel driver: \($0)" } ?? "no kernel driver bound, or not known"
            return "on the bus but not in NVML (\(driver)); the NVIDIA driver is missing or the GPU fell off the bus"
        case .notOnBus:
            let why = reading!.status == .ok ? "" : ": \(reading!.error ?? "status \(reading!.status)")"
            return "NVML lists \(reading!.device) but the scanned bus does not show it\(why)"
        }
    }
}
