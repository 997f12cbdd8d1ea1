/// The JSON that cgminer-API miners send, read into a `JSONValue`.
///
/// One entry point, `parse(_:)`. Most replies are strict JSON and are read as they came, in place. A reply that is
/// not, or that holds something strict JSON allows but a miner means otherwise (`"nan"`, a number beyond a double),
/// goes through one linear repair pass (see `Repairs` for what it fixes) and is read again; the result says which
/// repairs were applied. A reply that ends before its value is complete is reported as truncated, never completed by
/// guesswork.
public enum CGMinerJSON {
    /// A parsed reply: its one JSON value and what had to be repaired to read it (`[]` for strict JSON).
    public struct Parsed: Sendable, Equatable {
        /// The reply's value.
        public var value: JSONValue
        /// The repairs the bytes needed; empty when they were read as they came.
        public var repairs: Repairs

        /// A value and the repairs that gave it.
        public init(value: JSONValue, repairs: Repairs) {
            self.value = value
            self.repairs = repairs
        }
    }

    /// Parses one reply: strictly first, and when that fails, through the repair pass and a second strict parse.
    /// Whitespace and NULs around the value are allowed (the wire ends a reply with a NUL). Throws `.empty` when there
    /// is nothing but padding, `.truncated` when the value is cut short and `.malformed` for anything else that is
    /// not JSON even after repair, or that nests deeper than 128 levels.
    public static func parse(_ bytes: some Collection<UInt8>) throws(CGMinerJSONError) -> Parsed {
        let contiguous = bytes.withContiguousStorageIfAvailable { parseContiguous($0) }
        return try (contiguous ?? Array(bytes).withUnsafeBufferPointer { parseContiguous($0) }).get()
    }

    private static func parseContiguous(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, CGMinerJSONError> {
        if let strict = StrictJSONParser.parseUntouched(bytes) { return .success(Parsed(value: strict, repairs: [])) }
        return Result { () throws(CGMinerJSONError) in try parseRepairing(bytes) }
    }

    /// The repair pass, then a strict parse of its output (which the pass guarantees is strict JSON, so a failure
    /// here is the engine's own fault, reported as malformed rather than trapped).
    static func parseRepairing(_ bytes: UnsafeBufferPointer<UInt8>) throws(CGMinerJSONError) -> Parsed {
        let repaired = try CGMinerRepair.repair(bytes)
        do {
            return Parsed(value: try StrictJSONParser.parse(repaired.bytes), repairs: repaired.repairs)
        } catch {
            let excerpt = Excerpt.around(error.position, in: repaired.bytes)
            throw .malformed(position: error.position, reason: error.reason + " (after repair)", excerpt: excerpt)
        }
    }
}
