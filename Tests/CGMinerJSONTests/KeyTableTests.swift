import Testing

@testable import CGMinerJSON

/// The key table keeps at most `KeyTable.maxBytes` bytes of keys; past that it stops remembering new keys and still
/// gives every key its own text.
@Suite struct KeyTableTests {
    /// `table.string(for:hash:)` of `key`.
    private func string(_ key: String, in table: inout KeyTable) -> String {
        Array(key.utf8).withUnsafeBufferPointer { table.string(for: $0, hash: KeyTable.hash($0)) }
    }

    @Test func distinctKeysBeyondTheBudgetStayWithinItAndKeepTheirText() {
        // SYNTHETIC: 3000 distinct keys of 600 bytes, 1.8 MB, past the 1 MiB budget long before the key limit.
        let length = 600
        let keys = (0..<3000).map { n in
            let start = "key_\(n)_"
            return start + String(repeating: "x", count: length - start.utf8.count)
        }
        #expect(keys.count < KeyTable.maxKeys && keys.count * length > KeyTable.maxBytes)
        var table = KeyTable()
        for key in keys {
            #expect(string(key, in: &table) == key)
            #expect(table.byteCount <= KeyTable.maxBytes)
        }
        // Filled to within one key of the budget, then nothing more was kept.
        #expect(table.byteCount > KeyTable.maxBytes - length)
        // Kept keys and keys that came too late both still read as themselves.
        for key in [keys[0], keys[1000], keys[2999]] { #expect(string(key, in: &table) == key) }
        #expect(table.byteCount <= KeyTable.maxBytes)
    }

    @Test func aKeyLargerThanTheWholeBudgetIsNeverKept() {
        var table = KeyTable()
        let key = String(repeating: "k", count: KeyTable.maxBytes + 1)
        #expect(string(key, in: &table) == key)
        #expect(table.byteCount == 0)
        #expect(string("short_but_over_15_bytes", in: &table) == "short_but_over_15_bytes")
        #expect(table.byteCount == "short_but_over_15_bytes".utf8.count)
    }

    @Test func repliesWithMoreDistinctKeysThanTheBudgetReadAsFoundation() throws {
        // SYNTHETIC: replies whose long keys are all new, 2 MB of them in all, through the engine and its shared
        // caches; each value must still be what Foundation reads.
        for reply in 0..<8 {
            let members = (0..<500).map { n in
                "\"reply_\(reply)_key_\(n)_" + String(repeating: "y", count: 480) + "\":\(reply * 1000 + n)"
            }
            let text = "{" + members.joined(separator: ",") + "}"
            let reference = try #require(FoundationReference.value(text))
            #expect(try CGMinerJSON.parse(Array(text.utf8)).value == reference, "reply \(reply)")
        }
    }
}
