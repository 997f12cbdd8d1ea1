import FleetCore
import NVML

/// One PCI function as libpci reports it.
public struct PCIDevice: Sendable, Equatable, Hashable {
    public var address: PCIBusID
    public var vendorID: UInt16
    public var deviceID: UInt16
    /// Base class << 8 | subclass: 0x0300 VGA, 0x0302 3D controller, 0x0403 HD audio.
    public var deviceClass: UInt16
    public var progIf: UInt8
    public var revision: UInt8
    public var subsystemVendorID: UInt16
    public var subsystemID: UInt16
    /// Names from the host's pci.ids; nil when it does not know the ids (cosmetic only).
    public var vendorName: String?
    public var deviceName: String?
    /// The kernel driver bound to the function (sysfs only): `nvidia`, `vfio-pci`, nil when none or unknown.
    public var driver: String?

    public init(
        address: PCIBusID, vendorID: UInt16, deviceID: UInt16, deviceClass: UInt16, progIf: UInt8 = 0,
        revision: UInt8 = 0, subsystemVendorID: UInt16 = 0, subsystemID: UInt16 = 0, vendorName: String? = nil,
        deviceName: String? = nil, driver: String? = nil
    ) {
        self.address = address
        self.vendorID = vendorID
        self.deviceID = deviceID
        self.deviceClass = deviceClass
        self.progIf = progIf
        self.revision = revision
        self.subsystemVendorID = subsystemVendorID
        self.subsystemID = subsystemID
        self.vendorName = vendorName
        self.deviceName = deviceName
        self.driver = driver
    }

    public static let nvidiaVendorID: UInt16 = 0x10de

    /// An NVIDIA display controller: VGA (0x0300, GeForce and most workstation boards) or 3D (0x0302, A100/H100).
    /// The HDMI audio function of a GeForce (class 0x0403) is not a GPU.
    public var isNVIDIAGPU: Bool { vendorID == Self.nvidiaVendorID && deviceClass >> 8 == 0x03 }

    /// `0302`: the class code in hex.
    public var classCode: String { hex4(deviceClass) }

    /// `10de:2330`.
    public var ids: String { "\(hex4(vendorID)):\(hex4(deviceID))" }

    /// The agent's own name for the GPUs it knows, else pci.ids' name, else the ids.
    public var modelName: String {
        if vendorID == Self.nvidiaVendorID, let known = NVIDIAGPUModels.name(deviceID: deviceID) { return known }
        return deviceName ?? ids
    }
}

func hex4(_ value: UInt16) -> String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
