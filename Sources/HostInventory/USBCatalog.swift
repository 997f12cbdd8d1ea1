import FleetCore

/// One match rule of the USB catalog.
public struct USBCatalogEntry: Sendable, Equatable, Hashable {
    public var vendorID: UInt16
    public var productID: UInt16
    /// The iManufacturer string to compare; nil: not compared.
    public var manufacturer: String?
    /// The iProduct string to compare, as the catalog writes it; nil: not compared. `?` matches any one
    /// character, and a range in parentheses lists the alternatives: `USBRelay2 (USBRelay1..8)`.
    public var product: String?
    /// What it is, for a person: `GekkoScience Compac F (BM1397)`.
    public var device: String
    /// `usb-miner`, `usb-relay`, `usb-serial`.
    public var category: String
    /// cgminer's driver name, if any.
    public var cgminerName: String?
    public var source: String

    /// True when the rule compares strings (so it can identify a device, not just suggest one).
    public var comparesStrings: Bool { manufacturer != nil || product != nil }
}

/// What the catalog says about one USB device.
public enum USBRecognition: Sendable, Equatable {
    /// VID:PID and the manufacturer/product strings match one rule.
    case recognized(USBCatalogEntry)
    /// VID:PID is shared (a bridge chip) and the strings do not settle it: any of these, or something else.
    case ambiguous([USBCatalogEntry])
    /// Not a device the catalog lists.
    case unknown
}

/// USB miner and relay recognition by VID:PID plus strings: IDs such as 10c4:ea60 (CP210x) or 0403:6015 (FTDI)
/// are shared by miners, relay cards and countless other gadgets, so VID:PID alone never identifies a device.
public struct USBCatalog: Sendable {
    public var entries: [USBCatalogEntry]

    /// The catalog embedded in the agent.
    public static let builtIn: USBCatalog = {
        do throws(InventoryInputError) {
            return try USBCatalog(csv: USBDeviceIDs.csv, file: "usb-device-ids.csv")
        } catch {
            fatalError("embedded USB catalog: \(error)")  // covered by a test; cannot happen at run time
        }
    }()

    public init(entries: [USBCatalogEntry]) { self.entries = entries }

    /// Parses the CSV format of `usb-device-ids.csv` (header line first; 8 columns; no quoting needed).
    public init(csv: String, file: String) throws(InventoryInputError) {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let header = "vid,pid,iManufacturer,iProduct,device,category,cgminer_name,source"
        guard lines.first.map({ $0.hasPrefix(header) }) == true else {
            throw InventoryInputError(file: file, line: 1, reason: "expected the header '\(header)'")
        }
        var entries: [USBCatalogEntry] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 8 else {
                throw InventoryInputError(file: file, line: offset + 1, reason: "expected 8 columns, got \(f.count)")
            }
            guard let vid = HexNumber.id16(f[0]), let pid = HexNumber.id16(f[1]) else {
                throw InventoryInputError(file: file, line: offset + 1, reason: "vid and pid must be 4 hex digits")
            }
            entries.append(
                USBCatalogEntry(
                    vendorID: vid, productID: pid, manufacturer: f[2].isEmpty ? nil : f[2],
                    product: f[3].isEmpty ? nil : f[3], device: f[4], category: f[5],
                    cgminerName: f[6].isEmpty ? nil : f[6], source: f[7]))
        }
        self.entries = entries
    }

    /// VID:PID first; then the strings decide. A rule with strings matches only when every string it names
    /// equals the device's. Without a string match, rules without strings (devices cgminer finds by probing the
    /// chip) leave the device ambiguous.
    public func recognize(_ device: USBDevice) -> USBRecognition {
        let candidates = entries.filter { $0.vendorID == device.vendorID && $0.productID == device.productID }
        guard !candidates.isEmpty else { return .unknown }
        let matching = candidates.filter { entry in
            entry.comparesStrings && Self.same(entry.manufacturer, device.manufacturer)
                && (entry.product.map { Self.alternatives($0).contains { Self.same($0, device.product) } } ?? true)
        }
        if matching.count == 1 { return .recognized(matching[0]) }
        if matching.count > 1 {
            // The rule naming both strings is the more specific one.
            let both = matching.filter { $0.manufacturer != nil && $0.product != nil }
            return both.count == 1 ? .recognized(both[0]) : .ambiguous(matching)
        }
        let probed = candidates.filter { !$0.comparesStrings }
        return probed.isEmpty ? .unknown : .ambiguous(probed)
    }

    /// Whether a device string satisfies a rule string (nil rule = not compared; `?` = any one character).
    static func same(_ rule: String?, _ value: String?) -> Bool {
        guard let rule else { return true }
        guard let value else { return false }
        let r = Array(rule)
        let v = Array(value.trimmingSpaces)
        return r.count == v.count && zip(r, v).allSatisfy { $0 == "?" || $0 == $1 }
    }
}

extension USBCatalog {
    /// `USBRelay2 (USBRelay1..8)` → USBRelay1 … USBRelay8; any other text stands for itself.
    static func alternatives(_ rule: String) -> [String] {
        guard rule.hasSuffix(")"), let open = rule.ranges(of: " (").last else { return [rule] }
        let inside = rule[open.upperBound..<rule.index(before: rule.endIndex)]
        guard let dots = inside.firstRange(of: "..") else { return [rule] }
        let head = inside[..<dots.lowerBound]
        let prefix = head.prefix { !$0.isNumber }
        guard let first = Int(head.dropFirst(prefix.count)), let last = Int(inside[dots.upperBound...]), first <= last,
            last - first < 100
        else { return [rule] }
        return (first...last).map { "\(prefix)\($0)" }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
