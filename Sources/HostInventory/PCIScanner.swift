import CPCIShim
import FleetCore
import NVML

/// Where libpci reads the bus from.
public enum PCISource: Sendable, Equatable {
    /// The kernel's sysfs (`/sys/bus/pci` by default; another root for a recorded tree).
    case sysfs(root: String? = nil)
    /// An `lspci -x` (or `-vx`, `-xxx`) dump, read with libpci's dump method.
    case dump(path: String)
}

/// PCI enumeration through libpci (CPCIShim), sorted by address.
public enum PCIScanner {
    /// All PCI functions of the source. A dump is checked line by line first, so a malformed one is reported
    /// with its file and line; anything libpci still rejects comes back as an error naming the file.
    public static func scan(_ source: PCISource) throws(InventoryInputError) -> [PCIDevice] {
        try scan(source, validatingDump: true)
    }

    /// `scan(_:)`; tests pass `validatingDump: false` to hand a malformed dump to libpci itself.
    static func scan(_ source: PCISource, validatingDump: Bool) throws(InventoryInputError) -> [PCIDevice] {
        let cSource: cpci_source
        let path: String?
        switch source {
        case .sysfs(let root):
            cSource = CPCI_SOURCE_SYSFS
            path = root
        case .dump(let file):
            if validatingDump { try PCIDumpValidator.validate(path: file) }
            cSource = CPCI_SOURCE_DUMP
            path = file
        }
        var devices: UnsafeMutablePointer<cpci_device>?
        var count = 0
        var error = [CChar](repeating: 0, count: 512)
        let rc = cpci_scan(cSource, path, &devices, &count, &error, error.count)
        guard rc == 0 else {
            let message = String(cString: error.withUnsafeBufferPointer { $0.baseAddress! })
            throw InventoryInputError(file: path ?? "/sys/bus/pci", reason: "libpci: \(message)")
        }
        defer { cpci_free(devices) }
        let buffer = UnsafeBufferPointer(start: devices, count: count)
        return buffer.map(PCIDevice.init(scanned:)).sorted { $0.address < $1.address }
    }
}

extension PCIDevice {
    init(scanned d: cpci_device) {
        func text<T>(_ tuple: T) -> String? {
            let s = withUnsafeBytes(of: tuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return s.isEmpty ? nil : s
        }
        self.init(
            address: PCIBusID(domain: d.domain, bus: d.bus, device: d.dev, function: d.func),
            vendorID: d.vendor_id, deviceID: d.device_id, deviceClass: d.device_class, progIf: d.prog_if,
            revision: d.rev_id, subsystemVendorID: d.subsys_vendor_id, subsystemID: d.subsys_id,
            vendorName: text(d.vendor_name), deviceName: text(d.device_name), driver: text(d.driver))
    }
}
