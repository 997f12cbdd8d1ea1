/// Avalon's `MM ID` module strings:
/// `Ver[1047-...] Temp[18] TMax[64] Fan1[2896] PS[0 1209 1187] SYSTEMSTATU[Work: In Work]`.
///
/// Equivalent to the regular expression `(\w+)\[([^\]]*)\]` that pyasic uses (`AvalonMiner.parse_estats`): each
/// field is a run of word characters directly before `[`, its value everything up to the next `]`, kept verbatim.
struct BracketFields: Sendable {
    /// Field values by name, in the text's order; a repeated name keeps its first value.
    let values: [String: String]

    init(_ text: String) {
        // Module strings are ASCII: scanned as bytes. Other text goes through Unicode's word characters.
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 }
                ? Self.fields(bytes, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), isWord: Self.isWord) {
                    String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self)
                } : nil
        }
        values =
            ascii.flatMap { $0 }
            ?? Self.fields(Array(text.unicodeScalars), open: "[", close: "]", isWord: Self.isWord) {
                String(String.UnicodeScalarView($0))
            }
    }

    subscript(name: String) -> String? { values[name] }

    /// The field as one number (`Temp[31]`, `GHSspd[199241.07]`); nil when absent or not a number.
    func number(_ name: String) -> Double? {
        guard let text = values[name] else { return nil }
        guard text.utf8.contains(UInt8(ascii: " ")) else { return Double(text) }
        return Double(text.split(separator: " ").joined())
    }

    /// The field as a space-separated list of numbers (`MTmax[77 78 77]`, `PS[0 1209 ...]`); unparsable items are
    /// skipped.
    func numbers(_ name: String) -> [Double] {
        guard let text = values[name] else { return [] }
        return text.split(separator: " ").compactMap { Double($0) }
    }

    /// The `name[value]` fields of `chars` (bytes or Unicode scalars).
    private static func fields<Chars: RandomAccessCollection>(
        _ chars: Chars, open: Chars.Element, close: Chars.Element, isWord: (Chars.Element) -> Bool,
        text: (Chars.SubSequence) -> String
    ) -> [String: String] where Chars.Index == Int, Chars.Element: Equatable {
        var values: [String: String] = [:]
        var matchEnd = 0  // a field name may not start inside an earlier match
        var i = 0
        while i < chars.count {
            guard chars[i] == open else {
                i += 1
                continue
            }
            var start = i
            while start > matchEnd, isWord(chars[start - 1]) { start -= 1 }
            guard start < i, let end = chars[(i + 1)...].firstIndex(of: close) else {
                i += 1
                continue
            }
            let name = text(chars[start..<i])
            if values[name] == nil { values[name] = text(chars[(i + 1)..<end]) }
            matchEnd = end + 1
            i = end + 1
        }
        return values
    }

    /// ASCII word characters: letters, digits and `_` (what `\w` and the scalar `isWord` accept below 0x80).
    private static func isWord(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z"))
    }

    private static func isWord(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
    }
}
