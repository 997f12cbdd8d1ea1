/// A device's stable id in the reading schema: `gpu:<NVML UUID>`, `asic:<MAC or serial>` when the miner gives one,
/// else `asic:<host:port>`. Built only by the factories here, so every id follows one set of rules; written and read
/// as that text (`description`, `init?(_:)`).
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: DeviceKind
    /// What follows `kind:` (`GPU-eb0003d2-…`, `c6:02:14:00:1f:b3`, `10.0.0.11:4028`).
    public let key: String

    private init(kind: DeviceKind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// `gpu:<UUID>` (`GPU-eb0003d2-77b4-70fd-4ab9-3ef1c9853c49`).
    public static func gpu(uuid: String) -> DeviceID { DeviceID(kind: .gpu, key: uuid) }

    /// `gpu:nvml-index-<N>`, for a GPU whose UUID NVML did not give.
    public static func gpu(nvmlIndex: Int) -> DeviceID { DeviceID(kind: .gpu, key: "nvml-index-\(nvmlIndex)") }

    /// `gpu:pci-<bus id>`, for a GPU the PCI bus shows and NVML does not read.
    public static func gpu(busOnly address: PCIBusID) -> DeviceID { DeviceID(kind: .gpu, key: "pci-\(address)") }

    /// `asic:<mac>`, lower-cased and colon-separated (`C6:02:14:00:1F:B3`, `123456789012` and `c6-02-14-00-1f-b3`
    /// all give `asic:c6:02:14:00:1f:b3`); nil for anything that is not 12 hex digits, or is all zeros.
    public static func asic(mac text: String?) -> DeviceID? {
        guard let text else { return nil }
        let hex = text.lowercased().filter { $0 != ":" && $0 != "-" && $0 != "." && $0 != " " }
        guard hex.count == 12, hex.allSatisfy(\.isHexDigit), hex != "000000000000" else { return nil }
        var pairs: [Substring] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            pairs.append(hex[index..<next])
            index = next
        }
        return DeviceID(kind: .asic, key: pairs.joined(separator: ":"))
    }

    /// `asic:<serial>` for a controller or chip id (Bitmain `miner_id`, Avalon `DNA`), lower-cased; nil when empty,
    /// all zeros, or holding anything but letters, digits, `-` and `_`.
    public static func asic(serial text: String?) -> DeviceID? {
        guard let text else { return nil }
        var trimmed = Substring(text.lowercased())
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        guard !trimmed.isEmpty, trimmed.contains(where: { $0 != "0" }),
            trimmed.allSatisfy({ ($0.isLetter || $0.isNumber) && $0.isASCII || $0 == "-" || $0 == "_" })
        else { return nil }
        return DeviceID(kind: .asic, key: String(trimmed))
    }

    /// `asic:<host:port>`, for a miner that names itself by nothing better than where it answers.
    public static func asic(endpoint: String) -> DeviceID { DeviceID(kind: .asic, key: endpoint) }

    /// Parses the text form (`gpu:…`, `asic:…`); nil for another kind, an empty key or control characters.
    public init?(_ text: some StringProtocol) {
        guard let colon = text.firstIndex(of: ":"), let kind = DeviceKind(rawValue: String(text[..<colon])) else {
            return nil
        }
        let key = String(text[text.index(after: colon)...])
        guard !key.isEmpty, !key.unicodeScalars.contains(where: VisibleText.isControl) else { return nil }
        self.init(kind: kind, key: key)
    }

    public var description: String { "\(kind.rawValue):\(key)" }

    /// The order of `description`, without making it: the kinds' names differ in their first letter.
    public static func < (lhs: DeviceID, rhs: DeviceID) -> Bool {
        lhs.kind == rhs.kind ? lhs.key < rhs.key : lhs.kind.rawValue < rhs.kind.rawValue
    }
}

extension DeviceID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = DeviceID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a device id (gpu:… or asic:…): \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
