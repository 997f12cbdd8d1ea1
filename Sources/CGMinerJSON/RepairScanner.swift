/// The grammar position of the repair scan.
enum RepairExpect {
    case topValue, objectStart, key, colon, objectValue, arrayStart, arrayValue, afterValue, done
}

/// The single pass of `CGMinerRepair`: walks the grammar and rewrites only where a rule applies.
///
/// Output is built lazily: input bytes from `pending` on have not been copied yet. A rewrite copies the input up to
/// it, appends the replacement and moves `pending` past the bytes it replaces; a reply with no rewrite is never
/// copied at all (`rewritten` is nil and the caller slices the input).
struct RepairScanner {
    struct Result {
        /// The repaired text when anything was rewritten.
        var rewritten: [UInt8]?
        /// Where the value lies in the input (leading padding and trailing bytes excluded).
        var range: Range<Int>
        var repairs: CGMinerJSON.Repairs
    }

    enum Stop: Error {
        case truncated
        case malformed(Int, String)
    }

    let input: UnsafeBufferPointer<UInt8>
    var out: [UInt8] = []
    /// Whether anything was rewritten (then `out` holds the text up to `pending`).
    var rewrote = false
    var pending = 0
    var repairs: CGMinerJSON.Repairs = []
    /// Open containers, `true` for an array.
    var stack: [Bool] = []
    var expect = RepairExpect.topValue

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func run() -> Swift.Result<Result, CGMinerJSONError> {
        var i = skipPreamble()
        if i == input.count { return .failure(.empty) }
        let start = pending
        do throws(Stop) {
            while i < input.count, expect != .done {
                i = try step(i)
            }
            if expect != .done { throw Stop.truncated }
        } catch {
            switch error {
            case .truncated:
                return .failure(.truncated(byteCount: input.count, tail: Excerpt.tail(of: input)))
            case .malformed(let position, let reason):
                let excerpt = Excerpt.around(position, in: input)
                return .failure(.malformed(position: position, reason: reason, excerpt: excerpt))
            }
        }
        if input[i...].contains(where: { !Self.isPadding($0) }) { repairs.insert(.trailingBytes) }
        if !rewrote {
            return .success(Result(rewritten: nil, range: pending..<i, repairs: repairs))
        }
        flush(upTo: i)
        return .success(Result(rewritten: out, range: start..<i, repairs: repairs))
    }

    // MARK: Lazy output

    /// Copies the input not yet copied, up to `position`.
    mutating func flush(upTo position: Int) {
        guard position > pending else { return }
        if out.capacity == 0 { out.reserveCapacity(input.count + 64) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: input[pending..<position]))
        pending = position
    }

    /// Replaces the input bytes in `range` by `bytes` in the output.
    mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
        flush(upTo: range.lowerBound)
        if !rewrote { out.reserveCapacity(input.count + 64) }
        rewrote = true
        out.append(contentsOf: bytes)
        pending = range.upperBound
    }

    // MARK: Grammar

    /// JSON whitespace.
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    /// Whitespace or NUL: what may surround a reply without being a fault.
    static func isPadding(_ b: UInt8) -> Bool {
        isWhitespace(b) || b == 0
    }

    /// Skips padding, control bytes and a UTF-8 BOM before the value; turns a leading `,` into `{`.
    private mutating func skipPreamble() -> Int {
        var i = 0
        while i < input.count {
            let b = input[i]
            if Self.isPadding(b) {
                i += 1
            } else if b < 0x20 || b == 0x7F {
                repairs.insert(.leadingGarbage)
                i += 1
            } else if b == 0xEF, i + 2 < input.count, input[i + 1] == 0xBB, input[i + 2] == 0xBF {
                repairs.insert(.leadingGarbage)
                i += 3
            } else {
                break
            }
        }
        pending = i
        if i < input.count, input[i] == UInt8(ascii: ",") {
            // Avalon: `,"id":1}` -> `{"id":1}`
            repairs.insert(.leadingGarbage)
            replace(i..<(i + 1), with: [UInt8(ascii: "{")])
            stack.append(false)
            expect = .key
            i += 1
        }
        return i
    }

    /// Consumes one token (or one byte between tokens) at `i`; returns the next position.
    private mutating func step(_ i: Int) throws(Stop) -> Int {
        let b = input[i]
        if b <= 0x20 || b == 0x7F {
            if !Self.isWhitespace(b) {
                // Stray control bytes between tokens are dropped.
                repairs.insert(.controlCharacter)
                replace(i..<(i + 1), with: [])
            }
            return i + 1
        }
        switch expect {
        case .topValue, .objectValue, .arrayStart, .arrayValue:
            return try valueOrClose(i, b)
        case .objectStart, .key:
            return try keyOrClose(i, b)
        case .colon:
            guard b == UInt8(ascii: ":") else { throw .malformed(i, "expected ':' after a key") }
            expect = .objectValue
            return i + 1
        case .afterValue:
            return try commaOrClose(i, b)
        case .done:
            return i
        }
    }

    private mutating func valueOrClose(_ i: Int, _ b: UInt8) throws(Stop) -> Int {
        switch b {
        case UInt8(ascii: ","):
            guard expect == .arrayStart || expect == .arrayValue else {
                throw .malformed(i, expect == .topValue ? "unexpected ','" : "expected a value after ':'")
            }
            repairs.insert(.extraComma)
            replace(i..<(i + 1), with: [])
            return i + 1
        case UInt8(ascii: "]"):
            guard expect == .arrayStart || expect == .arrayValue else { throw .malformed(i, "unexpected ']'") }
            if expect == .arrayValue { dropTrailingComma(before: i) }
            return close(i)
        default:
            return try value(i, b)
        }
    }

    private mutating func keyOrClose(_ i: Int, _ b: UInt8) throws(Stop) -> Int {
        switch b {
        case UInt8(ascii: "\""):
            let next = try string(i, isValue: false)
            expect = .colon
            return next
        case UInt8(ascii: "}"):
            if expect == .key { dropTrailingComma(before: i) }
            return close(i)
        case UInt8(ascii: ","):
            repairs.insert(.extraComma)
            replace(i..<(i + 1), with: [])
            return i + 1
        default:
            throw .malformed(i, "expected a key string or '}'")
        }
    }

    /// Removes the comma last written before the `}` or `]` at `i` (btminer's `,}`).
    private mutating func dropTrailingComma(before i: Int) {
        repairs.insert(.trailingComma)
        replace(i..<i, with: [])
        var k = out.count - 1
        while k >= 0, out[k] != UInt8(ascii: ",") { k -= 1 }
        if k >= 0 { out.remove(at: k) }
    }

    private mutating func commaOrClose(_ i: Int, _ b: UInt8) throws(Stop) -> Int {
        let inArray = stack.last == true
        switch b {
        case UInt8(ascii: ","):
            expect = inArray ? .arrayValue : .key
            return i + 1
        case UInt8(ascii: "]") where inArray, UInt8(ascii: "}") where !inArray:
            return close(i)
        case UInt8(ascii: "\"") where !inArray:
            // Whatsminer `"x":"v""temp0":...`: a key right after a value.
            repairs.insert(.missingComma)
            replace(i..<i, with: [UInt8(ascii: ",")])
            expect = .key
            return i
        default:
            guard inArray, Self.startsValue(b) else {
                let wanted = inArray ? "',' or ']'" : "',' or '}'"
                throw .malformed(i, "expected \(wanted), found \(Excerpt.describe(b))")
            }
            // bmminer `}{` between two STATS objects.
            repairs.insert(.missingComma)
            replace(i..<i, with: [UInt8(ascii: ",")])
            expect = .arrayValue
            return i
        }
    }

    static func startsValue(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return isLetter(b)
        }
    }

    static func isLetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
    }

    private mutating func open(_ i: Int, array: Bool) throws(Stop) -> Int {
        guard stack.count < CGMinerRepair.maxDepth else {
            throw .malformed(i, "nested deeper than \(CGMinerRepair.maxDepth) levels")
        }
        stack.append(array)
        expect = array ? .arrayStart : .objectStart
        return i + 1
    }

    private mutating func close(_ i: Int) -> Int {
        stack.removeLast()
        afterValue()
        return i + 1
    }

    mutating func afterValue() {
        expect = stack.isEmpty ? .done : .afterValue
    }

    private mutating func value(_ i: Int, _ b: UInt8) throws(Stop) -> Int {
        let next: Int
        switch b {
        case UInt8(ascii: "{"):
            return try open(i, array: false)
        case UInt8(ascii: "["):
            return try open(i, array: true)
        case UInt8(ascii: "\""):
            next = try string(i, isValue: true)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            next = try number(i)
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            next = i + 1 < input.count && Self.isLetter(input[i + 1]) ? try word(i) : try number(i)
        case _ where Self.isLetter(b):
            next = try word(i)
        case UInt8(ascii: "<") where expect == .topValue:
            throw .malformed(i, "not JSON: looks like HTML or XML (an HTTP server on this port?)")
        default:
            throw .malformed(i, "expected a value, found \(Excerpt.describe(b))")
        }
        afterValue()
        return next
    }
}
