/// One USB device: where it is plugged in, its ids and its strings.
public struct USBDevice: Sendable, Equatable, Hashable {
    public var bus: Int
    /// The sysfs name: `1-1.4` (bus 1, port 1, then port 4 of the hub behind it); `usb1` for a root hub.
    /// Stable per physical port, unlike the device address, which changes on every replug.
    public var portPath: String
    public var vendorID: UInt16
    public var productID: UInt16
    public var manufacturer: String?
    public var product: String?
    public var serial: String?

    public init(
        bus: Int, portPath: String, vendorID: UInt16, productID: UInt16, manufacturer: String? = nil,
        product: String? = nil, serial: String? = nil
    ) {
        self.bus = bus
        self.portPath = portPath
        self.vendorID = vendorID
        self.productID = productID
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
    }

    /// `0403:6015`.
    public var ids: String { "\(hex4(vendorID)):\(hex4(productID))" }
}

/// A USB device and what the catalog made of it.
public struct USBInventoryEntry: Sendable, Equatable {
    public var device: USBDevice
    public var recognition: USBRecognition
}
