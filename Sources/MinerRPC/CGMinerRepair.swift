/// The repair pass that turns what real miners send into strict, compact JSON, in one linear, string-aware byte scan.
///
/// It walks the reply once, keeping a stack of open objects and arrays and the grammar position (key, colon, value,
/// comma), and copies tokens to a new buffer, dropping whitespace outside strings. Where the grammar says a comma is
/// missing and the next byte starts a value or a key, it inserts the comma: bmminer's `}{` between STATS objects and
/// Whatsminer's `""temp0` (a value string running into the next key). A comma right after `[` or `{` or after another
/// comma is dropped (bmminer's `[,{`), and so is a comma before `}` or `]` (btminer's `,}`). Inside string literals
/// nothing is rewritten except what JSON forbids there: raw control characters such as btminer's newlines become
/// escapes (`\n`, `\u0001`), `\'` becomes `'`, and any other invalid escape keeps its backslash as `\\`. Bare or quoted
/// `nan`, `inf`, `-inf` and `infinity` in value position (Avalon) become `null`; numbers are normalised (`+1`, `007`,
/// `.5`, `5.`). A reply starting with a comma (Avalon's `,"id":1}`) gets `{` instead, a leading BOM and control bytes
/// are skipped, and whatever follows the first complete value (S9k `version`'s `"}`, a trailing NUL) is dropped. A
/// reply that ends before its value is complete is reported as truncated, never closed by guesswork; anything else
/// that does not fit the grammar, or nests deeper than `maxDepth`, is reported as malformed with its byte position.
public enum CGMinerRepair {
    /// Which repairs a reply needed, for diagnostics and tests.
    public struct Fixes: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// A comma inserted between two values or before a key (`}{`, `""temp0`).
        public static let missingComma = Fixes(rawValue: 1 << 0)
        /// A comma dropped after `[`, `{` or another comma (`[,{`).
        public static let extraComma = Fixes(rawValue: 1 << 1)
        /// A comma dropped before `}` or `]` (`,}`).
        public static let trailingComma = Fixes(rawValue: 1 << 2)
        /// A raw control character (newline, tab, ...) escaped inside a string.
        public static let controlCharacter = Fixes(rawValue: 1 << 3)
        /// An invalid escape such as `\'` rewritten.
        public static let invalidEscape = Fixes(rawValue: 1 << 4)
        /// `nan`, `inf`, `-inf` (bare or quoted) replaced by `null`.
        public static let nonFiniteNumber = Fixes(rawValue: 1 << 5)
        /// A number written outside JSON's grammar (`+1`, `007`, `.5`) normalised.
        public static let numberFormat = Fixes(rawValue: 1 << 6)
        /// A leading comma (`,"id":1}`) replaced by `{`, or a BOM or control bytes skipped before the value.
        public static let leadingGarbage = Fixes(rawValue: 1 << 7)
        /// Bytes after the complete value dropped.
        public static let trailingBytes = Fixes(rawValue: 1 << 8)

        public var description: String {
            let names: [(Fixes, String)] = [
                (.missingComma, "missing comma"), (.extraComma, "extra comma"), (.trailingComma, "trailing comma"),
                (.controlCharacter, "control character in string"), (.invalidEscape, "invalid escape"),
                (.nonFiniteNumber, "nan/inf"), (.numberFormat, "number format"),
                (.leadingGarbage, "leading garbage"), (.trailingBytes, "trailing bytes"),
            ]
            let present = names.filter { contains($0.0) }.map(\.1)
            return present.isEmpty ? "none" : present.joined(separator: ", ")
        }
    }

    /// The strict JSON text and what was done to get it.
    public struct Repaired: Sendable, Equatable {
        /// Compact, strict JSON (RFC 8259), exactly one value.
        public var bytes: [UInt8]
        public var fixes: Fixes
        /// How many bytes followed the complete value (NULs and whitespace included).
        public var trailingByteCount: Int
    }

    /// Deepest nesting accepted; miner replies use 5 levels at most. Bounds the decoder's recursion.
    public static let maxDepth = 128

    /// Repairs one reply. Throws `.emptyReply`, `.truncatedReply` or `.malformedJSON`.
    public static func repair(_ input: [UInt8]) throws(CGMinerError) -> Repaired {
        var scanner = RepairScanner(count: input.count)
        let result = input.withUnsafeBufferPointer { scanner.run($0) }
        switch result {
        case .success(let repaired): return repaired
        case .failure(let error): throw error
        }
    }
}

/// The grammar position of the scan.
private enum Expect {
    case topValue, objectStart, key, colon, objectValue, arrayStart, arrayValue, afterValue, done
}

private struct RepairScanner {
    var out: [UInt8] = []
    var fixes: CGMinerRepair.Fixes = []
    /// Open containers, `true` for an array.
    var stack: [Bool] = []
    var expect = Expect.topValue

    init(count: Int) {
        out.reserveCapacity(count + 16)
    }

    private enum Stop: Error {
        case truncated
        case malformed(Int, String)
    }

    mutating func run(_ input: UnsafeBufferPointer<UInt8>) -> Result<CGMinerRepair.Repaired, CGMinerError> {
        var i = skipPreamble(input)
        if i == input.count { return .failure(.emptyReply) }
        do throws(Stop) {
            while i < input.count, expect != .done {
                i = try step(input, i)
            }
            if expect != .done { throw Stop.truncated }
        } catch {
            switch error {
            case .truncated:
                return .failure(.truncatedReply(byteCount: input.count, tail: Excerpt.tail(of: input)))
            case .malformed(let position, let reason):
                let excerpt = Excerpt.around(position, in: input)
                return .failure(.malformedJSON(position: position, reason: reason, excerpt: excerpt))
            }
        }
        let trailing = input.count - i
        if input[i...].contains(where: { !Self.isSpace($0) }) { fixes.insert(.trailingBytes) }
        return .success(.init(bytes: out, fixes: fixes, trailingByteCount: trailing))
    }

    /// Skips whitespace, NULs, control bytes and a UTF-8 BOM before the value; turns a leading `,` into `{`.
    private mutating func skipPreamble(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < input.count {
            let b = input[i]
            if Self.isSpace(b) {
                i += 1
            } else if b < 0x20 || b == 0x7F {
                fixes.insert(.leadingGarbage)
                i += 1
            } else if b == 0xEF, i + 2 < input.count, input[i + 1] == 0xBB, input[i + 2] == 0xBF {
                fixes.insert(.leadingGarbage)
                i += 3
            } else {
                break
            }
        }
        if i < input.count, input[i] == UInt8(ascii: ",") {
            // Avalon: `,"id":1}` -> `{"id":1}`
            fixes.insert(.leadingGarbage)
            out.append(UInt8(ascii: "{"))
            stack.append(false)
            expect = .key
            i += 1
        }
        return i
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0
    }

    /// Consumes one token (or one byte of whitespace) at `i`; returns the next position.
    private mutating func step(_ input: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Stop) -> Int {
        let b = input[i]
        if b <= 0x20 || b == 0x7F {
            // Whitespace, and stray control bytes between tokens (raw newlines from btminer), are dropped.
            if !Self.isSpace(b) { fixes.insert(.controlCharacter) }
            return i + 1
        }
        switch expect {
        case .topValue, .objectValue, .arrayStart, .arrayValue:
            return try valueOrClose(input, i, b)
        case .objectStart, .key:
            return try keyOrClose(input, i, b)
        case .colon:
            guard b == UInt8(ascii: ":") else { throw .malformed(i, "expected ':' after a key") }
            out.append(b)
            expect = .objectValue
            return i + 1
        case .afterValue:
            return try commaOrClose(input, i, b)
        case .done:
            return i
        }
    }

    private mutating func valueOrClose(_ input: UnsafeBufferPointer<UInt8>, _ i: Int, _ b: UInt8) throws(Stop) -> Int {
        switch b {
        case UInt8(ascii: ","):
            guard expect == .arrayStart || expect == .arrayValue else {
                throw .malformed(i, expect == .topValue ? "unexpected ','" : "expected a value after ':'")
            }
            fixes.insert(.extraComma)
            return i + 1
        case UInt8(ascii: "]"):
            guard expect == .arrayStart || expect == .arrayValue else { throw .malformed(i, "unexpected ']'") }
            if expect == .arrayValue {
                fixes.insert(.trailingComma)
                out.removeLast()
            }
            return close(i, array: true)
        default:
            return try value(input, i, b)
        }
    }

    private mutating func keyOrClose(_ input: UnsafeBufferPointer<UInt8>, _ i: Int, _ b: UInt8) throws(Stop) -> Int {
        switch b {
        case UInt8(ascii: "\""):
            let next = try string(input, i, isValue: false)
            expect = .colon
            return next
        case UInt8(ascii: "}"):
            if expect == .key {
                fixes.insert(.trailingComma)
                out.removeLast()
            }
            return close(i, array: false)
        case UInt8(ascii: ","):
            fixes.insert(.extraComma)
            return i + 1
        default:
            throw .malformed(i, "expected a key string or '}'")
        }
    }

    private mutating func commaOrClose(_ input: UnsafeBufferPointer<UInt8>, _ i: Int, _ b: UInt8) throws(Stop) -> Int {
        let inArray = stack.last == true
        switch b {
        case UInt8(ascii: ","):
            out.append(b)
            expect = inArray ? .arrayValue : .key
            return i + 1
        case UInt8(ascii: "]") where inArray, UInt8(ascii: "}") where !inArray:
            return close(i, array: inArray)
        case UInt8(ascii: "\"") where !inArray:
            // Whatsminer `"x":"v""temp0":...`: a key right after a value.
            fixes.insert(.missingComma)
            out.append(UInt8(ascii: ","))
            expect = .key
            return i
        default:
            guard inArray, Self.startsValue(b) else {
                let wanted = inArray ? "',' or ']'" : "',' or '}'"
                throw .malformed(i, "expected \(wanted), found \(Excerpt.describe(b))")
            }
            // bmminer `}{` between two STATS objects.
            fixes.insert(.missingComma)
            out.append(UInt8(ascii: ","))
            expect = .arrayValue
            return i
        }
    }

    static func startsValue(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return false
        }
    }

    private mutating func close(_ i: Int, array: Bool) -> Int {
        out.append(array ? UInt8(ascii: "]") : UInt8(ascii: "}"))
        stack.removeLast()
        afterValue()
        return i + 1
    }

    private mutating func afterValue() {
        expect = stack.isEmpty ? .done : .afterValue
    }

    private mutating func open(_ i: Int, array: Bool) throws(Stop) -> Int {
        guard stack.count < CGMinerRepair.maxDepth else {
            throw .malformed(i, "nested deeper than \(CGMinerRepair.maxDepth) levels")
        }
        stack.append(array)
        out.append(array ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        expect = array ? .arrayStart : .objectStart
        return i + 1
    }

    private mutating func value(_ input: UnsafeBufferPointer<UInt8>, _ i: Int, _ b: UInt8) throws(Stop) -> Int {
        switch b {
        case UInt8(ascii: "{"):
            return try open(i, array: false)
        case UInt8(ascii: "["):
            return try open(i, array: true)
        case UInt8(ascii: "\""):
            let next = try string(input, i, isValue: true)
            afterValue()
            return next
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            let next = try number(input, i)
            afterValue()
            return next
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            let next = i + 1 < input.count && Self.isLetter(input[i + 1]) ? try word(input, i) : try number(input, i)
            afterValue()
            return next
        case _ where Self.isLetter(b):
            let next = try word(input, i)
            afterValue()
            return next
        case UInt8(ascii: "<") where expect == .topValue:
            throw .malformed(i, "not JSON: looks like HTML or XML (an HTTP server on this port?)")
        default:
            throw .malformed(i, "expected a value, found \(Excerpt.describe(b))")
        }
    }

    static func isLetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
    }

    /// `true`, `false`, `null`, and the non-finite spellings, which become `null`.
    private mutating func word(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) throws(Stop) -> Int {
        var end = start + 1
        while end < input.count, Self.isLetter(input[end]) { end += 1 }
        let token = UnsafeBufferPointer(rebasing: input[start..<end])
        if Self.equals(token, "true") || Self.equals(token, "false") || Self.equals(token, "null") {
            out.append(contentsOf: token)
        } else if Self.isNonFinite(token) {
            fixes.insert(.nonFiniteNumber)
            out.append(contentsOf: Self.null)
        } else {
            if end == input.count, Self.isPrefixOfKeyword(token) { throw .truncated }
            throw .malformed(start, "unexpected word '\(Excerpt.text(token, limit: 16))'")
        }
        return end
    }

    static let null: [UInt8] = Array("null".utf8)

    static func equals(_ token: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard token.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<token.count where token[k] != w[k] { return false }
        return true
    }

    static func isPrefixOfKeyword(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let words = ["true", "false", "null", "nan", "inf", "-inf", "infinity", "-infinity", "+inf"]
        let lower = token.map { Self.isLetter($0) ? $0 | 0x20 : $0 }
        return words.contains { $0.utf8.starts(with: lower) }
    }

    /// Case-insensitive `nan`, `inf`, `infinity`, each with an optional sign.
    static func isNonFinite(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.count >= 3, token.count <= 9 else { return false }
        var k = 0
        if token[0] == UInt8(ascii: "-") || token[0] == UInt8(ascii: "+") { k = 1 }
        var lower: [UInt8] = []
        lower.reserveCapacity(token.count - k)
        while k < token.count {
            guard isLetter(token[k]) else { return false }
            lower.append(token[k] | 0x20)
            k += 1
        }
        return lower.elementsEqual("nan".utf8) || lower.elementsEqual("inf".utf8)
            || lower.elementsEqual("infinity".utf8)
    }

    /// Copies a number, normalised to JSON's grammar; a number cut by the end of input is complete only at top level.
    private mutating func number(_ input: UnsafeBufferPointer<UInt8>, _ start: Int) throws(Stop) -> Int {
        var end = start
        while end < input.count, Self.isNumberByte(input[end]) { end += 1 }
        if end == input.count, !stack.isEmpty { throw .truncated }
        let token = UnsafeBufferPointer(rebasing: input[start..<end])
        switch NumberToken.check(token) {
        case .strict:
            out.append(contentsOf: token)
        case .normalised(let bytes):
            fixes.insert(.numberFormat)
            out.append(contentsOf: bytes)
        case .invalid:
            throw .malformed(start, "invalid number '\(Excerpt.text(token, limit: 24))'")
        }
        return end
    }

    static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Copies a string literal from the quote at `start`; returns the position after its closing quote.
    private mutating func string(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, isValue: Bool) throws(Stop) -> Int {
        let outStart = out.count
        out.append(UInt8(ascii: "\""))
        var i = start + 1
        var runStart = i
        while true {
            while i < input.count {
                let b = input[i]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<i]))
            guard i < input.count else { throw .truncated }
            let b = input[i]
            if b == UInt8(ascii: "\"") {
                out.append(b)
                i += 1
                break
            } else if b == UInt8(ascii: "\\") {
                i = try escape(input, i)
            } else {
                fixes.insert(.controlCharacter)
                appendControlEscape(b)
                i += 1
            }
            runStart = i
        }
        if isValue {
            let content = out.count - outStart - 2
            if content >= 3, content <= 9 {
                let isNonFinite = out.withUnsafeBufferPointer {
                    Self.isNonFinite(UnsafeBufferPointer(rebasing: $0[(outStart + 1)..<(out.count - 1)]))
                }
                if isNonFinite {
                    fixes.insert(.nonFiniteNumber)
                    out.removeSubrange(outStart...)
                    out.append(contentsOf: Self.null)
                }
            }
        }
        return i
    }

    /// Handles the backslash at `i`; returns the position after what it consumed.
    private mutating func escape(_ input: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Stop) -> Int {
        guard i + 1 < input.count else { throw .truncated }
        let e = input[i + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            out.append(UInt8(ascii: "\\"))
            out.append(e)
            return i + 2
        case UInt8(ascii: "u"):
            var k = i + 2
            while k < i + 6, k < input.count, Self.isHex(input[k]) { k += 1 }
            if k == i + 6 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<k]))
                return k
            }
            if k == input.count { throw .truncated }
        case UInt8(ascii: "'"):
            fixes.insert(.invalidEscape)
            out.append(e)
            return i + 2
        default:
            break
        }
        // Any other escape keeps its backslash as text; the next byte is read as ordinary string content.
        fixes.insert(.invalidEscape)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "\\"))
        return i + 1
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f"))
    }

    private mutating func appendControlEscape(_ b: UInt8) {
        switch b {
        case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
}
