/// Avalon's `MM ID` module strings:
/// `Ver[1047-...] Temp[18] TMax[64] Fan1[2896] PS[0 1209 1187] SYSTEMSTATU[Work: In Work]`.
///
/// Equivalent to the regular expression `(\w+)\[([^\]]*)\]` that pyasic uses (`AvalonMiner.parse_estats`): each
/// field is a run of word characters directly before `[`, its value everything up to the next `]`, kept verbatim.
struct BracketFields: Sendable {
    /// Field values by name, in the text's order; a repeated name keeps its first value.
    let values: [String: String]

    init(_ text: String) {
        var values: [String: String] = [:]
        let chars = Array(text.unicodeScalars)
        var matchEnd = 0  // a field name may not start inside an earlier match
        var i = 0
        while i < chars.count {
            guard chars[i] == "[" else {
                i += 1
                continue
            }
            var start = i
            while start > matchEnd, BracketFields.isWord(chars[start - 1]) { start -= 1 }
            guard start < i, let close = chars[(i + 1)...].firstIndex(of: "]") else {
                i += 1
                continue
            }
            let name = String(String.UnicodeScalarView(chars[start..<i]))
            if values[name] == nil {
                values[name] = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
            }
            matchEnd = close + 1
            i = close + 1
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    /// The field as one number (`Temp[31]`, `GHSspd[199241.07]`); nil when absent or not a number.
    func number(_ name: String) -> Double? {
        guard let text = values[name] else { return nil }
        return Double(text.split(separator: " ").joined())
    }

    /// The field as a space-separated list of numbers (`MTmax[77 78 77]`, `PS[0 1209 ...]`); unparsable items are
    /// skipped.
    func numbers(_ name: String) -> [Double] {
        guard let text = values[name] else { return [] }
        return text.split(separator: " ").compactMap { Double($0) }
    }

    private static func isWord(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
    }
}
