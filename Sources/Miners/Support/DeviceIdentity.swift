/// Builds the stable `asic:` device id of the reading schema from what a miner reports about itself.
enum DeviceIdentity {
    /// `asic:<mac>` with the MAC lower-cased and colon-separated (`C6:02:14:00:1F:B3`, `123456789012` and
    /// `c6-02-14-00-1f-b3` all work); nil for anything that is not 12 hex digits or is all zeros.
    static func mac(_ text: String?) -> String? {
        guard let text else { return nil }
        let hex = text.lowercased().filter { $0 != ":" && $0 != "-" && $0 != "." && $0 != " " }
        guard hex.count == 12, hex.allSatisfy(\.isHexDigit), hex != "000000000000" else { return nil }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            pairs.append(String(hex[index..<next]))
            index = next
        }
        return "asic:" + pairs.joined(separator: ":")
    }

    /// `asic:<serial>` for a controller or chip id (Bitmain `miner_id`, Avalon `DNA`); nil when empty or all zeros.
    static func serial(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmed(" ").lowercased()
        guard !trimmed.isEmpty, trimmed.contains(where: { $0 != "0" }),
            trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else { return nil }
        return "asic:" + trimmed
    }
}

extension String {
    /// The text without leading and trailing `character`s.
    func trimmed(_ character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
