/// Doubles as text in memory: the shortest decimal that reads back as the same double, exactly as Swift's own
/// `description` writes it (`2925000.0`, `1200.5`, `3262.512333333333`, `1e+16`), written in place without a
/// `String`. Whole numbers and numbers with up to four decimals (most powers and energies a device reports) are
/// written from their digits here; the others by the standard library's own formatter (`Double.write(to:)`).
enum DecimalText {
    /// The most bytes `write` writes: a sign, 17 digits, a point and an exponent (`-2.2250738585072014e-308`).
    static let maxLength = 32
    /// Below 10^15 a double has at least 15 significant decimal digits of precision: a number with fewer digits is
    /// the only one of its length that reads back as that double, so it is the shortest text.
    private static let shortDigits = 1e15

    /// Writes a finite `value`'s text at `start`, which has room for `maxLength` bytes; returns where it ends.
    static func write(_ value: Double, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        if value.sign == .plus, value < shortDigits {
            // Int64, not UInt64: one instruction each way on x86-64, and every number here fits.
            let whole = Int64(value)
            if Double(whole) == value { return fixed(UInt64(whole), decimals: 0, at: start) }
            // The fewest decimals (1 to 4) whose number reads back as `value`: n / 10^k is the double nearest to
            // the decimal n × 10^-k (n and 10^k are exact, the division is correctly rounded). n is `value` × 10^k
            // rounded, which the product's error (under an ulp, far below 0.5 here) cannot move to another integer;
            // a product further than a few of its ulps from n cannot be n's, and skips the division.
            if value >= 0.001 {
                var scale = 1.0
                for decimals in 1...4 {
                    scale *= 10
                    let scaled = value * scale
                    guard scaled < shortDigits else { break }
                    let number = Int64(scaled + 0.5)
                    if abs(scaled - Double(number)) <= 4 * scaled.ulp, Double(number) / scale == value {
                        return fixed(UInt64(number), decimals: decimals, at: start)
                    }
                }
            }
        }
        var stream = PointerStream(start: start)
        value.write(to: &stream)
        return stream.next
    }

    /// `number` × 10^-`decimals` in fixed notation: `0.05` for 5 and 2 decimals, `3250.0` for 3250 and none.
    private static func fixed(
        _ number: UInt64, decimals: Int, at start: UnsafeMutablePointer<UInt8>
    )
        -> UnsafeMutablePointer<UInt8>
    {
        // Digits, with zeros in front up to one whole digit (`0.05`), and the point: their length.
        var digits = 1
        var bound: UInt64 = 10
        while digits < 19, number >= bound {
            digits += 1
            bound &*= 10
        }
        digits = max(digits, decimals + 1)
        let end = start + digits + 1 + (decimals == 0 ? 1 : 0)
        // Written from the last digit back.
        var next = end
        var rest = number
        if decimals == 0 {
            next -= 2
            next[0] = UInt8(ascii: ".")
            next[1] = UInt8(ascii: "0")
        }
        for place in 0..<digits {
            if place == decimals && decimals > 0 {
                next -= 1
                next.pointee = UInt8(ascii: ".")
            }
            next -= 1
            next.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return end
    }
}

/// Text that the standard library writes as ASCII bytes (`Double.write(to:)` hands over its digits through
/// `_writeASCII`, the stream requirement `String` itself implements), copied to memory with room for it.
private struct PointerStream: TextOutputStream {
    var next: UnsafeMutablePointer<UInt8>

    init(start: UnsafeMutablePointer<UInt8>) {
        next = start
    }

    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { _writeASCII($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        precondition(buffer.count <= DecimalText.maxLength, "a double's text is at most \(DecimalText.maxLength) bytes")
        next.update(from: buffer.baseAddress!, count: buffer.count)
        next += buffer.count
    }
}
