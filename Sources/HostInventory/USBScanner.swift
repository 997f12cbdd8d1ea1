import CUSB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the USB device list comes from.
public enum USBSource: Sendable, Equatable {
    /// The host's devices through libusb; strings from sysfs (`sysfsRoot`/<port path>/…), or from the device.
    case libusb(sysfsRoot: String = "/sys/bus/usb/devices")
    /// A recorded inventory (`USBRecord`).
    case record(path: String)
}

/// A failure of libusb itself (not of the input): the inventory goes on without USB.
public struct USBScanError: Error, Sendable, CustomStringConvertible {
    public var function: String
    public var code: Int32
    public var description: String {
        "\(function) failed: \(String(cString: libusb_error_name(code))) (\(code))"
    }
}

/// USB enumeration through libusb, sorted by port path.
public enum USBScanner {
    public static func scan(_ source: USBSource) throws -> [USBDevice] {
        switch source {
        case .record(let path): return try USBRecord.load(path: path)
        case .libusb(let root): return try enumerate(sysfsRoot: root)
        }
    }

    private static func enumerate(sysfsRoot: String) throws(USBScanError) -> [USBDevice] {
        var context: OpaquePointer?
        let rc = libusb_init(&context)
        guard rc == 0 else { throw USBScanError(function: "libusb_init", code: rc) }
        defer { libusb_exit(context) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0 else { throw USBScanError(function: "libusb_get_device_list", code: Int32(count)) }
        defer { libusb_free_device_list(list, 1) }
        var devices: [USBDevice] = []
        for i in 0..<count {
            guard let device = list?[i] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0 else { continue }
            let bus = Int(libusb_get_bus_number(device))
            var ports = [UInt8](repeating: 0, count: 8)
            let depth = libusb_get_port_numbers(device, &ports, Int32(ports.count))
            let path =
                depth > 0
                ? "\(bus)-" + ports.prefix(Int(depth)).map(String.init).joined(separator: ".") : "usb\(bus)"
            var found = USBDevice(
                bus: bus, portPath: path, vendorID: descriptor.idVendor, productID: descriptor.idProduct)
            let directory = sysfsRoot + "/" + path
            found.manufacturer = sysfsString(directory + "/manufacturer")
            found.product = sysfsString(directory + "/product")
            found.serial = sysfsString(directory + "/serial")
            if found.manufacturer == nil && found.product == nil {
                readStrings(device, descriptor, into: &found)
            }
            devices.append(found)
        }
        return devices.sorted { ($0.bus, $0.portPath) < ($1.bus, $1.portPath) }
    }

    private static func sysfsString(_ path: String) -> String? {
        guard let text = try? readTextFile(path) else { return nil }
        let value = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return value.isEmpty ? nil : value
    }

    /// Strings from the device itself; needs permission on /dev/bus/usb/BBB/DDD, so it may well give nothing.
    private static func readStrings(
        _ device: OpaquePointer, _ descriptor: libusb_device_descriptor, into found: inout USBDevice
    ) {
        var handle: OpaquePointer?
        guard libusb_open(device, &handle) == 0, let handle else { return }
        defer { libusb_close(handle) }
        func string(_ index: UInt8) -> String? {
            guard index != 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
            return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : nil
        }
        found.manufacturer = string(descriptor.iManufacturer)
        found.product = string(descriptor.iProduct)
        found.serial = string(descriptor.iSerialNumber)
    }
}
