/// Splits a recorded joined reply (`{"pools":[{...}],"summary":[{...}],"id":1}`) into the exact bytes of each
/// command's section value, without re-serializing anything, so a fixture miner can answer other joins of the same
/// commands with the recorded bytes.
enum JoinedReplySections {
    /// Top-level key → the bytes of its value. Nil when the bytes are not one complete JSON object.
    static func split(_ bytes: [UInt8]) -> [String: ArraySlice<UInt8>]? {
        var i = bytes.startIndex
        func skipSpace() { while i < bytes.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
        /// Index just past the JSON string starting at `i` (which is a quote).
        func endOfString(_ start: Int) -> Int? {
            var j = start + 1
            while j < bytes.endIndex {
                if bytes[j] == UInt8(ascii: "\\") {
                    j += 2
                } else if bytes[j] == UInt8(ascii: "\"") {
                    return j + 1
                } else {
                    j += 1
                }
            }
            return nil
        }
        /// Index just past the value starting at `i`.
        func endOfValue(_ start: Int) -> Int? {
            var j = start
            var depth = 0
            while j < bytes.endIndex {
                switch bytes[j] {
                case UInt8(ascii: "\""):
                    guard let e = endOfString(j) else { return nil }
                    j = e
                    if depth == 0 { return j }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return j }
                    depth -= 1
                    if depth == 0 { return j + 1 }
                case UInt8(ascii: ","):
                    if depth == 0 { return j }
                default:
                    break
                }
                j += 1
            }
            return depth == 0 ? j : nil
        }
        skipSpace()
        guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var sections: [String: ArraySlice<UInt8>] = [:]
        while true {
            skipSpace()
            guard i < bytes.endIndex else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return sections }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = endOfString(i) else { return nil }
            let key = String(decoding: bytes[(i + 1)..<(keyEnd - 1)], as: UTF8.self)
            i = keyEnd
            skipSpace()
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard let valueEnd = endOfValue(i) else { return nil }
            sections[key] = bytes[i..<valueEnd]
            i = valueEnd
        }
    }
}
