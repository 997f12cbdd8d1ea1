/// Decodes the strict JSON that `CGMinerRepair` produces into a `JSONValue`, in one pass over the bytes.
///
/// It is written for that input (depth at most `CGMinerRepair.maxDepth`) but checks every byte, so any other input
/// gives an error, never a crash. Duplicate keys: the last one wins.
struct StrictJSONParser {
    struct Failure: Error {
        var position: Int
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    /// Members of the objects being read, innermost last; an object takes its own off the end when it closes.
    private var members: [(String, JSONValue)] = []

    static func parse(_ input: [UInt8]) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = input.withUnsafeBufferPointer { buffer in
            var parser = StrictJSONParser(bytes: buffer)
            do throws(Failure) {
                let value = try parser.value()
                parser.skipWhitespace()
                guard parser.i == buffer.count else { throw parser.fail("bytes after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func fail(_ reason: String) -> Failure {
        Failure(position: i, reason: reason)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count, RepairScanner.isWhitespace(bytes[i]) { i += 1 }
    }

    /// The next byte after whitespace, not consumed.
    private mutating func peek() throws(Failure) -> UInt8 {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end") }
        return bytes[i]
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            let n = try number()
            return n.isFinite ? .number(n) : .null
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("expected \(word)") }
        i += n
        return value
    }

    /// Consumes the opening byte of a container; true when the container is empty (its closing byte consumed too).
    private mutating func enter(closing: UInt8) throws(Failure) -> Bool {
        depth += 1
        guard depth <= CGMinerRepair.maxDepth else { throw fail("nested too deep") }
        i += 1
        return try leave(closing)
    }

    /// After a member or an element: consumes `,` (returns false) or the container's closing byte (returns true).
    private mutating func next(_ closing: UInt8) throws(Failure) -> Bool {
        if try leave(closing) { return true }
        guard bytes[i] == UInt8(ascii: ",") else {
            throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
        i += 1
        return false
    }

    /// Consumes `closing` if it comes next.
    private mutating func leave(_ closing: UInt8) throws(Failure) -> Bool {
        guard try peek() == closing else { return false }
        i += 1
        depth -= 1
        return true
    }

    private mutating func object() throws(Failure) -> JSONValue {
        if try enter(closing: UInt8(ascii: "}")) { return .object([:]) }
        let base = members.count
        repeat {
            guard try peek() == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            guard try peek() == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            members.append((key, try value()))
        } while try !next(UInt8(ascii: "}"))
        var object = [String: JSONValue](minimumCapacity: members.count - base)
        for (key, value) in members[base...] { object[key] = value }
        members.removeSubrange(base...)
        return .object(object)
    }

    private mutating func array() throws(Failure) -> JSONValue {
        var elements: [JSONValue] = []
        if try enter(closing: UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value())
        } while try !next(UInt8(ascii: "]"))
        return .array(elements)
    }

    /// Powers of ten that a double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { pow10($0) }

    private static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// Reads a number: decimal mantissas of up to 15 digits with a power of ten of at most 22 are computed exactly
    /// (both are exact doubles, so one multiplication or division rounds correctly); anything else goes to `Double()`.
    private mutating func number() throws(Failure) -> Double {
        let start = i
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var intDigits = 0
        var scale = 0
        while i < bytes.count, Self.isDigit(bytes[i]) {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
            digits += 1
            i += 1
        }
        intDigits = digits
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, Self.isDigit(bytes[i]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- UInt8(ascii: "0"))
                digits += 1
                scale += 1
                i += 1
            }
        }
        var hasTail = false
        while i < bytes.count, Self.isNumberTail(bytes[i]) {
            hasTail = true
            i += 1
        }
        guard intDigits > 0 else {
            i = start
            throw fail("invalid number")
        }
        if !hasTail, digits <= 15, scale <= 22 {
            let value = scale == 0 ? Double(mantissa) : Double(mantissa) / Self.exactPowersOfTen[scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text) else {
            i = start
            throw fail("invalid number")
        }
        return value
    }

    private static func isDigit(_ b: UInt8) -> Bool {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    private static func isNumberTail(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "+") || b | 0x20 == UInt8(ascii: "e")
    }

    /// Reads the string literal at `i` (on its opening quote).
    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try unescape()
            } else {
                scratch.append(b)
                i += 1
            }
        }
        throw fail("unterminated string")
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
}
