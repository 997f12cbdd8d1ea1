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
        /// Bytes that are not UTF-8 (Latin-1 text, line noise) inside a string replaced by U+FFFD.
        public static let invalidUTF8 = Fixes(rawValue: 1 << 9)

        public var description: String {
            let names: [(Fixes, String)] = [
                (.missingComma, "missing comma"), (.extraComma, "extra comma"), (.trailingComma, "trailing comma"),
                (.controlCharacter, "control character in string"), (.invalidEscape, "invalid escape"),
                (.nonFiniteNumber, "nan/inf"), (.numberFormat, "number format"),
                (.leadingGarbage, "leading garbage"), (.trailingBytes, "trailing bytes"),
                (.invalidUTF8, "invalid UTF-8"),
            ]
            let present = names.filter { contains($0.0) }.map(\.1)
            return present.isEmpty ? "none" : present.joined(separator: ", ")
        }
    }

    /// The strict JSON text and what was done to get it.
    public struct Repaired: Sendable, Equatable {
        /// Strict JSON (RFC 8259), exactly one value, whitespace kept: the input itself when it needed no repair.
        public var bytes: [UInt8]
        public var fixes: Fixes
        /// How many bytes followed the complete value (NULs and whitespace included).
        public var trailingByteCount: Int
    }

    /// Deepest nesting accepted; miner replies use 5 levels at most. Bounds the decoder's recursion.
    public static let maxDepth = 128

    /// Repairs one reply. Throws `.emptyReply`, `.truncatedReply` or `.malformedJSON`.
    public static func repair(_ input: [UInt8]) throws(CGMinerError) -> Repaired {
        let scan = input.withUnsafeBufferPointer { buffer in
            var scanner = RepairScanner(input: buffer)
            return scanner.run()
        }
        switch scan {
        case .success(let result):
            let bytes: [UInt8]
            if let rewritten = result.rewritten {
                bytes = rewritten
            } else if result.range == input.indices {
                bytes = input
            } else {
                bytes = Array(input[result.range])
            }
            return Repaired(bytes: bytes, fixes: result.fixes, trailingByteCount: input.count - result.range.upperBound)
        case .failure(let error):
            throw error
        }
    }
}
