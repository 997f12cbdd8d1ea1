/// Text from a device made safe to show: control characters (ANSI escapes, carriage returns, backspaces, NUL) and
/// the C1 range are written as visible escapes (`\e`, `\r`, `\x08`, `\u{9B}`) so that nothing a miner sends can
/// move a terminal's cursor, recolour it or forge a log line.
public enum VisibleText {
    /// `text` with every control character made visible; unchanged (no copy) when it has none.
    public static func escaping(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\u{1B}": out += "\\e"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
        }
        return out
    }

    /// C0 controls, DEL and C1 controls (which some terminals also obey), plus the bidirectional overrides that can
    /// make a line read differently from what it holds.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
