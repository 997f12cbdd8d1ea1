/// Scalars of the repair scan: strings (escapes, control bytes, UTF-8), numbers and bare words.
extension RepairScanner {
    static let null: [UInt8] = Array("null".utf8)

    /// Scans the string literal whose quote is at `start`; returns the position after its closing quote.
    mutating func string(_ start: Int, isValue: Bool) throws(Stop) -> Int {
        var i = start + 1
        while true {
            while i < input.count {
                let b = input[i]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                if b < 0x80 {
                    i += 1
                    continue
                }
                let length = UTF8Check.sequenceLength(input, at: i)
                if length == 0 { break }
                i += length
            }
            guard i < input.count else { throw .truncated }
            let b = input[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                break
            } else if b == UInt8(ascii: "\\") {
                i = try escape(i)
            } else if b >= 0x80 {
                repairs.insert(.invalidUTF8)
                replace(i..<(i + 1), with: [0xEF, 0xBF, 0xBD])
                i += 1
            } else {
                repairs.insert(.controlCharacter)
                replace(i..<(i + 1), with: Self.controlEscape(b))
                i += 1
            }
        }
        let content = (start + 1)..<(i - 1)
        if isValue, pending <= start, content.count >= 3, content.count <= 9,
            Self.isNonFinite(UnsafeBufferPointer(rebasing: input[content]))
        {
            repairs.insert(.nonFiniteNumber)
            replace(start..<i, with: Self.null)
        }
        return i
    }

    /// Handles the backslash at `i`; returns the position after what it consumed.
    private mutating func escape(_ i: Int) throws(Stop) -> Int {
        guard i + 1 < input.count else { throw .truncated }
        let e = input[i + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            var k = i + 2
            while k < i + 6, k < input.count, Self.isHex(input[k]) { k += 1 }
            if k == i + 6 { return k }
            if k == input.count { throw .truncated }
        case UInt8(ascii: "'"):
            // Whatsminer `\'`: the quote without its backslash.
            repairs.insert(.invalidEscape)
            replace(i..<(i + 1), with: [])
            return i + 2
        default:
            break
        }
        // Any other escape keeps its backslash as text; the next byte is read as ordinary string content.
        repairs.insert(.invalidEscape)
        replace(i..<(i + 1), with: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        return i + 1
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f"))
    }

    static func controlEscape(_ b: UInt8) -> [UInt8] {
        switch b {
        case 0x0A: return Array(#"\n"#.utf8)
        case 0x0D: return Array(#"\r"#.utf8)
        case 0x09: return Array(#"\t"#.utf8)
        default:
            let hex = Array("0123456789abcdef".utf8)
            return Array(#"\u00"#.utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
        }
    }

    /// `true`, `false`, `null`, and the non-finite spellings, which become `null`.
    mutating func word(_ start: Int) throws(Stop) -> Int {
        var end = start + 1
        while end < input.count, Self.isLetter(input[end]) { end += 1 }
        let token = UnsafeBufferPointer(rebasing: input[start..<end])
        if Self.equals(token, "true") || Self.equals(token, "false") || Self.equals(token, "null") {
            return end
        }
        if Self.isNonFinite(token) {
            repairs.insert(.nonFiniteNumber)
            replace(start..<end, with: Self.null)
            return end
        }
        if end == input.count, Self.isPrefixOfKeyword(token) { throw .truncated }
        throw .malformed(start, "unexpected word '\(Excerpt.text(token, limit: 16))'")
    }

    static func equals(_ token: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard token.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<token.count where token[k] != w[k] { return false }
        return true
    }

    static func isPrefixOfKeyword(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let words = ["true", "false", "null", "nan", "inf", "-inf", "infinity", "-infinity", "+inf"]
        let lower = token.map { isLetter($0) ? $0 | 0x20 : $0 }
        return words.contains { $0.utf8.starts(with: lower) }
    }

    /// Case-insensitive `nan`, `inf`, `infinity`, each with an optional sign.
    static func isNonFinite(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        if let first = token.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { k = 1 }
        let rest = UnsafeBufferPointer(rebasing: token[k...])
        return matchesLowercased(rest, "nan") || matchesLowercased(rest, "inf") || matchesLowercased(rest, "infinity")
    }

    /// Whether `token` is `word` (lowercase ASCII letters) in any case. `b | 0x20` maps only `A`-`Z` onto `a`-`z`.
    private static func matchesLowercased(_ token: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard token.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<token.count where token[k] | 0x20 != w[k] { return false }
        return true
    }

    /// Checks a number, normalised to JSON's grammar; a number cut by the end of input is complete only at top level.
    mutating func number(_ start: Int) throws(Stop) -> Int {
        var end = start
        while end < input.count, Self.isNumberByte(input[end]) { end += 1 }
        if end == input.count, !stack.isEmpty { throw .truncated }
        let token = UnsafeBufferPointer(rebasing: input[start..<end])
        switch NumberToken.check(token) {
        case .strict:
            break
        case .normalised(let bytes):
            repairs.insert(.numberFormat)
            replace(start..<end, with: bytes)
        case .overflow:
            repairs.insert(.nonFiniteNumber)
            replace(start..<end, with: Self.null)
        case .invalid:
            throw .malformed(start, "invalid number '\(Excerpt.text(token, limit: 24))'")
        }
        return end
    }

    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }
}
