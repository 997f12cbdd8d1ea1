/// Strings and numbers of `StrictJSONParser`.
extension StrictJSONParser {
    /// Reads the key string at `i` (on its opening quote) and sets `keyHash`; long keys seen before share one string.
    mutating func key() throws(Failure) -> String {
        i += 1
        let start = i
        sawNonASCII = false
        guard try scanPlain() else {
            keyHash = nil
            return try escapedString(from: start)
        }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<i])
        i += 1
        let hash = KeyTable.hash(key)
        keyHash = sawNonASCII ? nil : hash
        // Up to 15 UTF-8 bytes a String is stored inline, without an allocation to share.
        guard key.count > 15 else { return String(decoding: key, as: UTF8.self) }
        return keys.string(for: key, hash: hash)
    }

    /// Reads the string value at `i` (on its opening quote).
    mutating func stringValue() throws(Failure) -> JSONValue {
        i += 1
        let start = i
        guard try scanPlain() else { return .string(try escapedString(from: start)) }
        let content = UnsafeBufferPointer(rebasing: bytes[start..<i])
        // The repair pass turns a value string spelling nan/inf (without escapes) into null.
        if untouched, content.count >= 3, content.count <= 9, RepairScanner.isNonFinite(content) {
            throw fail("non-finite number in a string")
        }
        i += 1
        return .string(String(decoding: content, as: UTF8.self))
    }

    /// Moves `i` over plain string content: to the closing quote (returns true) or to the next backslash (returns
    /// false). Fails at the end of input, and for an untouched reply on a raw control byte or bytes that are not
    /// UTF-8.
    @inline(__always)
    private mutating func scanPlain() throws(Failure) -> Bool {
        while i < bytes.count {
            i = Self.skipOrdinary(bytes, from: i)
            guard i < bytes.count else { break }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return true }
            if b == UInt8(ascii: "\\") { return false }
            if b >= 0x80 {
                sawNonASCII = true
                if untouched {
                    let length = UTF8Check.sequenceLength(bytes, at: i)
                    guard length > 0 else { throw fail("not UTF-8") }
                    i += length
                    continue
                }
            }
            if b < 0x20, untouched { throw fail("control character in a string") }
            i += 1
        }
        throw fail("unterminated string")
    }

    /// The first position from `start` on, eight bytes at a time, that may hold a quote, a backslash, a control
    /// byte or a non-ASCII byte (the byte-wise loop decides), or where fewer than eight bytes are left.
    @inline(__always)
    private static func skipOrdinary(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var k = start
        while k + 8 <= bytes.count {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            // A byte's high bit is set where it is zero (quote, backslash), below 0x20, or itself >= 0x80; bits above
            // the first hit may be wrong (borrows), the first one is exact.
            let hits =
                ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- ones &* 0x20) & ~w | w) & highs
            if hits != 0 { return k + hits.trailingZeroBitCount / 8 }
            k += 8
        }
        return k
    }

    /// The rest of a string with escapes: its content from `start` (after the quote) up to `i` is plain.
    private mutating func escapedString(from start: Int) throws(Failure) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            try unescape()
            let plain = i
            let closed = try scanPlain()
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
            if closed {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
        }
    }

    /// Appends the character of the escape at `i` to `scratch`.
    private mutating func unescape() throws(Failure) {
        guard i + 1 < bytes.count else { throw fail("unterminated escape") }
        let e = bytes[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate needs its low half right after; a lone half becomes U+FFFD.
                if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            if let encoded = UTF8.encode(unicode) { scratch.append(contentsOf: encoded) }
        default:
            throw fail("invalid escape")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw fail("bad hex digit in \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// Powers of ten that a double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// Reads a number (a non-finite one is `null`). A decimal whose significant digits fit an exact double (below
    /// 2^53) divided by a power of ten up to 10^22 is computed directly (both are exact doubles, so the one division
    /// rounds correctly); anything else, exponents included, goes to `Double()`.
    mutating func number() throws(Failure) -> JSONValue {
        let start = i
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let intStart = i
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0
        while i < bytes.count, Self.isDigit(bytes[i]) {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
            if mantissa != 0 { significant += 1 }
            i += 1
        }
        let intDigits = i - intStart
        guard intDigits > 0 else {
            i = start
            throw fail("invalid number")
        }
        var fracDigits = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            // Fraction zeros are counted and multiplied in only when a non-zero digit follows them.
            var zeros = 0
            while i < bytes.count, Self.isDigit(bytes[i]) {
                let d = bytes[i] &- UInt8(ascii: "0")
                fracDigits += 1
                i += 1
                if d == 0 {
                    zeros += 1
                    continue
                }
                for _ in 0..<zeros { mantissa = mantissa &* 10 }
                if mantissa != 0 { significant += zeros }
                mantissa = mantissa &* 10 &+ UInt64(d)
                significant += 1
                scale += zeros + 1
                zeros = 0
            }
        }
        var hasExponent = false
        var hasTail = false
        while i < bytes.count, RepairScanner.isNumberByte(bytes[i]) {
            if bytes[i] | 0x20 == UInt8(ascii: "e") { hasExponent = true }
            hasTail = true
            i += 1
        }
        if untouched {
            // JSON's grammar, as `NumberToken` checks it: no leading zero, digits after a dot, a well-formed
            // exponent and nothing else in the token.
            let leadingZero = intDigits > 1 && bytes[intStart] == UInt8(ascii: "0")
            let afterInt = intStart + intDigits
            let emptyFraction = afterInt < bytes.count && bytes[afterInt] == UInt8(ascii: ".") && fracDigits == 0
            if leadingZero || emptyFraction || (hasTail && !isExponent(from: afterInt, fracDigits)) {
                throw fail("number outside JSON's grammar")
            }
        }
        if !hasTail, significant <= 15, scale <= 22 {
            let value = scale == 0 ? Double(mantissa) : Double(mantissa) / Self.exactPowersOfTen[scale]
            return .number(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text) else {
            i = start
            throw fail("invalid number")
        }
        if value.isFinite { return .number(value) }
        // The repair pass turns an overflowing number with an exponent into null and says so.
        if untouched, hasExponent { throw fail("number beyond a double's range") }
        return .null
    }

    /// Whether the token from `afterInt` to `i` is `[. digits] e [sign] digits` and nothing else.
    private func isExponent(from afterInt: Int, _ fracDigits: Int) -> Bool {
        var k = afterInt
        if bytes[k] == UInt8(ascii: ".") { k += 1 + fracDigits }
        guard k < i, bytes[k] | 0x20 == UInt8(ascii: "e") else { return false }
        k += 1
        if k < i, bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+") { k += 1 }
        guard k < i else { return false }
        while k < i, Self.isDigit(bytes[k]) { k += 1 }
        return k == i
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10
    }
}
