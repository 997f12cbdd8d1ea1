/// Hexadecimal numbers of device ids (PCI bus ids, USB vendor and product ids), read strictly: hex digits only, no
/// sign or prefix (`UInt32(_:radix:)` alone takes "+abc" and "-0").
public enum HexNumber {
    /// `text` as a number when it is 1 to `maxDigits` hex digits (either case); nil otherwise.
    public static func parse(_ text: some StringProtocol, maxDigits: Int) -> UInt32? {
        guard !text.isEmpty, text.count <= maxDigits, text.allSatisfy(\.isHexDigit) else { return nil }
        return UInt32(text, radix: 16)
    }

    /// `text` as a 16-bit id when it is exactly four hex digits (`0403`).
    public static func id16(_ text: some StringProtocol) -> UInt16? {
        guard text.count == 4, let value = parse(text, maxDigits: 4) else { return nil }
        return UInt16(value)
    }
}
