/// The repair pass that turns what real miners send into strict JSON, in one linear, string-aware byte scan.
///
/// It walks the reply once, keeping a stack of open objects and arrays and the grammar position (key, colon, value,
/// comma), and copies nothing until a rule applies: a strict reply comes back as it was, and a repaired one is the
/// input with only the faulty bytes rewritten. Where the grammar says a comma is missing and the next byte starts a
/// value or a key, it inserts the comma: bmminer's `}{` between STATS objects and Whatsminer's `""temp0` (a value
/// string running into the next key). A comma right after `[` or `{` or after another comma is dropped (bmminer's
/// `[,{`), and so is a comma before `}` or `]` (btminer's `,}`); control bytes between tokens are dropped too. Inside
/// string literals nothing is rewritten except what JSON forbids there: raw control characters such as btminer's
/// newlines become escapes (`\n`, `\u0001`), `\'` becomes `'`, any other invalid escape keeps its backslash as `\\`,
/// and bytes that are not UTF-8 become U+FFFD. Bare or quoted `nan`, `inf`, `-inf` and `infinity` in value position
/// (Avalon), and numbers too large for a double, become `null`; numbers are normalised (`+1`, `007`, `.5`, `5.`). A
/// reply starting with a comma (Avalon's `,"id":1}`) gets `{` instead, a leading BOM and control bytes are skipped, and
/// whatever follows the first complete value (S9k `version`'s `"}`, a trailing NUL) is dropped. A reply that ends
/// before its value is complete is reported as truncated, never closed by guesswork; anything else that does not fit
/// the grammar, or nests deeper than `maxDepth`, is reported as malformed with its byte position.
enum CGMinerRepair {
    /// The strict JSON text and what was done to get it.
    struct Repaired: Sendable, Equatable {
        /// Strict JSON (RFC 8259), exactly one value, whitespace kept: a copy of the input's value when nothing needed
        /// rewriting.
        var bytes: [UInt8]
        var repairs: CGMinerJSON.Repairs
        /// How many bytes followed the complete value (NULs and whitespace included).
        var trailingByteCount: Int
    }

    /// Deepest nesting accepted; miner replies use 5 levels at most. Bounds the strict parser's recursion.
    static let maxDepth = 128

    /// Repairs one reply. Throws `.empty`, `.truncated` or `.malformed`.
    static func repair(_ input: UnsafeBufferPointer<UInt8>) throws(CGMinerJSONError) -> Repaired {
        var scanner = RepairScanner(input: input)
        let result = try scanner.run().get()
        let bytes = result.rewritten ?? Array(input[result.range])
        return Repaired(bytes: bytes, repairs: result.repairs, trailingByteCount: input.count - result.range.upperBound)
    }
}
