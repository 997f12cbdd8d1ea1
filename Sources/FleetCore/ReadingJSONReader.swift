import Foundation

/// Reads a reading back from the JSON line `ReadingJSONWriter` (and `ReadingOutput.jsonLine`) wrote, without going
/// through `JSONDecoder`, which is what lets the ledger page through a hundred thousand readings a second.
///
/// The fast path reads any JSON object made of the reading's keys with values of the expected types (a key it does
/// not know is skipped, as `JSONDecoder` skips it). Anything else (a missing required key, a value of another type,
/// a time that is not in the writer's exact form, a malformed document) goes to `JSONDecoder`, so the result and the
/// errors are always the ones `Reading`'s `Codable` gives.
public enum ReadingJSONReader {
    /// The reading in `line`; throws what `JSONDecoder` throws for a line that is not one.
    public static func reading(_ line: String) throws -> Reading {
        var text = line
        if let reading = text.withUTF8({ fastReading($0) }) { return reading }
        return try JSONDecoder().decode(Reading.self, from: Data(line.utf8))
    }

    /// The fast path alone: nil when the line needs `JSONDecoder`.
    static func fastReading(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading? {
        var scanner = Scanner(bytes: bytes)
        return scanner.reading()
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func reading() -> Reading? {
            var fields = Fields()
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            if !take(UInt8(ascii: "}")) {
                repeat {
                    skipSpace()
                    guard let name = string() else { return nil }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipSpace()
                    guard let key = Reading.CodingKeys(rawValue: name) else {
                        guard skipValue() else { return nil }
                        skipSpace()
                        continue
                    }
                    guard fields.read(key, from: &self) else { return nil }
                    skipSpace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipSpace()
            guard index == bytes.count else { return nil }
            return fields.reading
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        /// `null`: true when it was there (and is passed).
        mutating func null() -> Bool {
            guard bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
                bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
            else { return false }
            index += 4
            return true
        }

        /// A string without escapes, or with the simple ones; nil for anything else (`\u` escapes go the slow way).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            var plain = true
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] < 0x20 { return nil }
                if bytes[index] == UInt8(ascii: "\\") {
                    plain = false
                    index += 1
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let body = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            if plain { return String(decoding: body, as: UTF8.self) }
            var out: [UInt8] = []
            var i = 0
            while i < body.count {
                guard body[i] == UInt8(ascii: "\\") else {
                    out.append(body[i])
                    i += 1
                    continue
                }
                switch body[i + 1] {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                default: return nil
                }
                i += 2
            }
            return String(validating: out, as: UTF8.self)
        }

        /// A JSON number as a double; nil for anything that is not one. Plain whole numbers of up to 15 digits (most
        /// of a reading's) are exact in a double and worked out directly; others go through `Double(_:)`.
        mutating func number() -> Double? {
            let start = index
            var whole: Int64 = 0
            var plainDigits = 0
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), plainDigits < 16
            {
                whole = whole * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                plainDigits += 1
                index += 1
            }
            let leadingZero = plainDigits > 1 && bytes[index - plainDigits] == UInt8(ascii: "0")
            if plainDigits > 0, plainDigits < 16, !leadingZero,
                index == bytes.count || !Self.isNumberByte(bytes[index]), !(negative && whole == 0)
            {
                return Double(negative ? -whole : whole)
            }
            index = start
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard Self.isJSONNumber(text.utf8) else { return nil }
            return Double(text)
        }

        /// A whole number that fits in an Int64, as JSONDecoder reads `seq`.
        mutating func integer() -> Int64? {
            let start = index
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard Self.isJSONNumber(text.utf8) else { return nil }
            return Int64(text)
        }

        mutating func optionalString() -> String?? {
            if null() { return .some(nil) }
            return string().map { .some($0) }
        }

        mutating func optionalNumber() -> Double?? {
            if null() { return .some(nil) }
            return number().map { .some($0) }
        }

        /// `[n,...]` or null; nil when neither (a null element included: JSONDecoder refuses it).
        mutating func optionalNumbers() -> [Double]?? {
            optionalList { $0.number() }
        }

        mutating func optionalStrings() -> [String]?? {
            optionalList { $0.string() }
        }

        mutating func optionalList<Element>(_ element: (inout Scanner) -> Element?) -> [Element]?? {
            if null() { return .some(nil) }
            guard take(UInt8(ascii: "[")) else { return nil }
            var values: [Element] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return .some(values) }
            repeat {
                skipSpace()
                guard let value = element(&self) else { return nil }
                values.append(value)
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { return nil }
            return .some(values)
        }

        /// Passes over a value of a key `Reading` does not have; only scalars (anything nested goes the slow way).
        mutating func skipValue() -> Bool {
            if null() { return true }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return string() != nil }
            for word in ["true", "false"] where bytes.count - index >= word.utf8.count {
                if zip(word.utf8, bytes[index...]).allSatisfy({ $0 == $1 }) {
                    index += word.utf8.count
                    return true
                }
            }
            return number() != nil
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }

        /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        static func isJSONNumber(_ text: String.UTF8View) -> Bool {
            var bytes = text[...]
            func digits() -> Int {
                let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
                bytes = bytes.dropFirst(count)
                return count
            }
            if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let whole = bytes
            let wholeDigits = digits()
            guard wholeDigits > 0, wholeDigits == 1 || whole.first != UInt8(ascii: "0") else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                guard digits() > 0 else { return false }
            }
            if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
                bytes = bytes.dropFirst()
                if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
                guard digits() > 0 else { return false }
            }
            return bytes.isEmpty
        }
    }
}
