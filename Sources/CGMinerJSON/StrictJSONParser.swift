/// Decodes strict JSON into a `JSONValue`, in one pass over the bytes.
///
/// Two uses. `parse` reads the output of `CGMinerRepair` (depth at most `CGMinerRepair.maxDepth`). `parseUntouched`
/// reads a reply that has not been through the repair pass and fails on anything that pass would rewrite or flag
/// (raw control bytes or bytes that are not UTF-8 in a string, escapes JSON does not have, `"nan"`-like value
/// strings, numbers outside JSON's grammar or beyond a double's range, bytes before or after the value other than
/// whitespace and NUL), so that when it succeeds its value is exactly what repair + `parse` would give, with no
/// repairs to report. Both check every byte, so any input gives a value or an error, never a crash. Duplicate keys:
/// the last one wins.
struct StrictJSONParser: ~Copyable {
    struct Failure: Error {
        var position: Int
        var reason: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// True for `parseUntouched`: also fail where the repair pass would have done something.
    let untouched: Bool
    var i = 0
    private var depth = 0
    var scratch: [UInt8] = []
    /// Members of the objects being read, innermost last; an object moves its own off the end when it closes.
    private var members = MemberStack()
    /// Taken from the pool for this parse; its tables are moved into `keys` and `shapes` meanwhile.
    private let cache: ParseCache
    /// Long keys made into strings before, in this reply or earlier ones.
    var keys: KeyTable
    /// Object templates from earlier objects.
    private var shapes: ObjectShapes
    /// `KeyTable.hash` of the key just read, nil when it had escapes or bytes outside ASCII (no template then).
    var keyHash: UInt64?
    /// Set by the string scan when it passes a byte outside ASCII.
    var sawNonASCII = false

    /// Parses repaired (strict) JSON.
    static func parse(_ input: [UInt8]) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = input.withUnsafeBufferPointer { buffer in
            var parser = StrictJSONParser(bytes: buffer, untouched: false)
            return parser.document()
        }
        return try result.get()
    }

    /// Parses a reply as it came from the miner; nil when it is not strict JSON or the repair pass would change or
    /// flag anything in it (the caller then repairs it and uses `parse`).
    static func parseUntouched(_ input: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var parser = StrictJSONParser(bytes: input, untouched: true)
        return try? parser.document().get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, untouched: Bool) {
        self.bytes = bytes
        self.untouched = untouched
        cache = ParseCache.take()
        keys = cache.keys
        shapes = cache.shapes
        cache.keys = KeyTable()
        cache.shapes = ObjectShapes()
    }

    deinit {
        members.release()
        cache.keys = keys
        cache.shapes = shapes
        cache.giveBack()
    }

    /// The one value of the input, with nothing but whitespace around it (NUL too, for `parseUntouched`).
    private mutating func document() -> Result<JSONValue, Failure> {
        do throws(Failure) {
            skipPadding()
            let value = try value()
            skipPadding()
            guard i == bytes.count else { throw fail("bytes after the value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    func fail(_ reason: String) -> Failure {
        Failure(position: i, reason: reason)
    }

    /// Whitespace, and for an untouched reply also NUL, which the repair pass drops around a reply without a fix.
    private mutating func skipPadding() {
        while i < bytes.count, RepairScanner.isWhitespace(bytes[i]) || (untouched && bytes[i] == 0) { i += 1 }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b <= 0x20, RepairScanner.isWhitespace(b) else { return }
            i += 1
        }
    }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    private mutating func peek() throws(Failure) -> UInt8 {
        skipWhitespace()
        guard i < bytes.count else { throw fail("unexpected end") }
        return bytes[i]
    }

    private mutating func value() throws(Failure) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return try stringValue()
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("expected \(word)") }
        i += n
        // The repair pass reads a run of letters as one word: `truex` is not `true`.
        if untouched, i < bytes.count, RepairScanner.isLetter(bytes[i]) { throw fail("unexpected word") }
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
    @inline(__always)
    private mutating func next(_ closing: UInt8) throws(Failure) -> Bool {
        let b = try peek()
        if b == UInt8(ascii: ",") {
            i += 1
            return false
        }
        guard b == closing else {
            throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
        i += 1
        depth -= 1
        return true
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
        // FNV-1a over the keys' hashes: the same keys in the same order give the same signature.
        var signature: UInt64 = 0xCBF2_9CE4_8422_2325
        var shaped = true
        repeat {
            guard try peek() == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try self.key()
            if let keyHash { signature = (signature ^ keyHash) &* 0x100_0000_01B3 } else { shaped = false }
            guard try peek() == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            let value = try value()
            members.push(key, value)
        } while try !next(UInt8(ascii: "}"))
        let count = members.count - base
        guard shaped, count >= ObjectShapes.minimumKeys else { return .object(members.popObject(from: base)) }
        signature = (signature ^ UInt64(count)) &* 0x100_0000_01B3
        if let template = shapes.template(signature, matching: { members.key(at: base + $0) }, count: count) {
            return .object(members.popObject(from: base, into: template))
        }
        guard shapes.isWorthKeeping(signature) else { return .object(members.popObject(from: base)) }
        let keys = members.keys(from: base)
        let object = members.popObject(from: base)
        shapes.keep(signature, keys: keys, object: object)
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
}
