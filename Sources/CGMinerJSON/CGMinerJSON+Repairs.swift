extension CGMinerJSON {
    /// Which repairs a reply needed to be read, for diagnostics and tests.
    public struct Repairs: OptionSet, Sendable, Hashable, CustomStringConvertible {
        /// One bit per repair.
        public let rawValue: UInt16
        /// The repairs whose bits are set in `rawValue`.
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// A comma inserted between two values or before a key (`}{`, `""temp0`).
        public static let missingComma = Repairs(rawValue: 1 << 0)
        /// A comma dropped after `[`, `{` or another comma (`[,{`).
        public static let extraComma = Repairs(rawValue: 1 << 1)
        /// A comma dropped before `}` or `]` (`,}`).
        public static let trailingComma = Repairs(rawValue: 1 << 2)
        /// A raw control character (newline, tab, ...) escaped inside a string.
        public static let controlCharacter = Repairs(rawValue: 1 << 3)
        /// An invalid escape such as `\'` rewritten.
        public static let invalidEscape = Repairs(rawValue: 1 << 4)
        /// `nan`, `inf`, `-inf` (bare or quoted) replaced by `null`.
        public static let nonFiniteNumber = Repairs(rawValue: 1 << 5)
        /// A number written outside JSON's grammar (`+1`, `007`, `.5`) normalised.
        public static let numberFormat = Repairs(rawValue: 1 << 6)
        /// A leading comma (`,"id":1}`) replaced by `{`, or a BOM or control bytes skipped before the value.
        public static let leadingGarbage = Repairs(rawValue: 1 << 7)
        /// Bytes after the complete value dropped.
        public static let trailingBytes = Repairs(rawValue: 1 << 8)
        /// Bytes that are not UTF-8 (Latin-1 text, line noise) inside a string replaced by U+FFFD.
        public static let invalidUTF8 = Repairs(rawValue: 1 << 9)

        /// The repairs by name, `none` when there were none.
        public var description: String {
            let names: [(Repairs, String)] = [
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
}
