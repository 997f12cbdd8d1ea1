import FleetCore

/// A recorded USB inventory, for dry runs on hosts without the devices. Text, one device a line, tab-separated:
///
///     # bus  port path  vid:pid  manufacturer  product  serial
///     1	1-1	0403:6015	GekkoScience	CompacF Bitcoin Miner
///
/// Empty string fields mean the device has no such string; `#` starts a comment line.
public enum USBRecord {
    public static let header = "# bus\tport path\tvid:pid\tmanufacturer\tproduct\tserial"

    /// Parses a record; every problem names the file and the line.
    public static func parse(_ text: String, file: String) throws(InventoryInputError) -> [USBDevice] {
        var devices: [USBDevice] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ reason: String) -> InventoryInputError {
                InventoryInputError(file: file, line: offset + 1, reason: reason)
            }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 else {
                throw fail(
                    "expected 6 tab-separated fields (bus, port path, vid:pid, manufacturer, product, serial), "
                        + "got \(f.count)")
            }
            guard let bus = Int(f[0]), (1...255).contains(bus) else { throw fail("bus must be 1-255, got '\(f[0])'") }
            guard isPortPath(f[1], bus: bus) else {
                throw fail("port path must look like '\(bus)-1.4' or 'usb\(bus)', got '\(f[1])'")
            }
            let ids = f[2].split(separator: ":", omittingEmptySubsequences: false)
            guard ids.count == 2, let vid = HexNumber.id16(ids[0]), let pid = HexNumber.id16(ids[1]) else {
                throw fail("vid:pid must be two 4-digit hex numbers such as 0403:6015, got '\(f[2])'")
            }
            devices.append(
                USBDevice(
                    bus: bus, portPath: f[1], vendorID: vid, productID: pid, manufacturer: f[3].isEmpty ? nil : f[3],
                    product: f[4].isEmpty ? nil : f[4], serial: f[5].isEmpty ? nil : f[5]))
        }
        return devices
    }

    /// Reads a record file.
    public static func load(path: String) throws(InventoryInputError) -> [USBDevice] {
        try parse(try readTextFile(path), file: path)
    }

    /// Writes devices in the record format (what `parse` reads back).
    public static func format(_ devices: [USBDevice]) -> String {
        var lines = [header]
        for d in devices {
            let strings = [d.manufacturer, d.product, d.serial].map { ($0 ?? "").replacing("\t", with: " ") }
            lines.append(([String(d.bus), d.portPath, d.ids] + strings).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func isPortPath(_ path: String, bus: Int) -> Bool {
        if path == "usb\(bus)" { return true }
        guard path.hasPrefix("\(bus)-") else { return false }
        let ports = path.dropFirst("\(bus)-".count).split(separator: ".", omittingEmptySubsequences: false)
        return !ports.isEmpty && ports.count <= 7 && ports.allSatisfy { UInt8($0).map { $0 > 0 } ?? false }
    }
}
