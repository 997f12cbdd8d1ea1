/// The fields of an RFC 3339 date-time as written, read only where the text has exactly that form:
/// `dddd-dd-ddTdd:dd:dd`, then an optional `.` and at least one digit, then `Z` or `+dd:dd` / `-dd:dd` with an offset
/// of at most 23:59. As RFC 3339 allows, `T` and `Z` may be lower case and `T` a space. Whether the date and time
/// exist is the calendar's to say, not this reader's.
struct RFC3339Fields {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// The first three digits of the fraction (later ones dropped), 0 without one.
    var millisecond: Int
    /// East of UTC is positive.
    var offsetSeconds: Int

    init?(_ text: String) {
        let b = Array(text.utf8)
        guard Self.fits(b[...], "dddd-dd-dd?dd:dd:dd"), Array("Tt ".utf8).contains(b[10]) else { return nil }
        func number(_ range: Range<Int>) -> Int { Self.number(b[range]) }
        (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        (hour, minute, second) = (number(11..<13), number(14..<16), number(17..<19))
        var i = 19
        millisecond = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            let digits = i + 1
            i = digits
            while i < b.count, Self.isDigit(b[i]) { i += 1 }
            guard i > digits else { return nil }
            millisecond = Self.number(b[digits..<min(i, digits + 3)])
            for _ in min(i - digits, 3)..<3 { millisecond *= 10 }
        }
        guard i < b.count else { return nil }
        if b[i] | 0x20 == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
            offsetSeconds = 0
            return
        }
        let offset = b[(i + 1)...]
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), offset.count == 5, Self.fits(offset, "dd:dd")
        else { return nil }
        let (hours, minutes) = (Self.number(offset.prefix(2)), Self.number(offset.suffix(2)))
        guard hours <= 23, minutes <= 59 else { return nil }
        offsetSeconds = (hours * 3600 + minutes * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
    }

    /// Whether `bytes` start with `pattern`, where `d` stands for any digit, `?` for any byte and every other
    /// character for itself.
    private static func fits(_ bytes: ArraySlice<UInt8>, _ pattern: StaticString) -> Bool {
        guard bytes.count >= pattern.utf8CodeUnitCount else { return false }
        for (k, p) in UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount).enumerated() {
            let b = bytes[bytes.startIndex + k]
            switch p {
            case UInt8(ascii: "d"): guard isDigit(b) else { return false }
            case UInt8(ascii: "?"): continue
            default: guard b == p else { return false }
            }
        }
        return true
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isDigit(_ b: UInt8) -> Bool {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }
}
