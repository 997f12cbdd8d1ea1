import Testing

@testable import CGMinerJSON

/// Objects decoded from a template of an earlier object with the same keys (and long keys shared across replies) are
/// the same values as when decoded the first time, one reply at a time or many at once.
@Suite struct ParseCacheTests {
    private func decode(_ text: String) throws -> JSONValue {
        try CGMinerJSON.parse(Array(text.utf8)).value
    }

    @Test func everyRecordedReplyDecodesTheSameEveryTime() throws {
        for (name, bytes) in RecordedReplies.all {
            guard let first = try? CGMinerJSON.parse(bytes) else { continue }
            for _ in 0..<3 {
                let again = try CGMinerJSON.parse(bytes)
                #expect(again == first, "\(name)")
            }
        }
    }

    @Test func manyRepliesAtOnceDecodeAsOneAtATime() async throws {
        let replies = RecordedReplies.all.map(\.bytes)
        let expected = replies.map { try? CGMinerJSON.parse($0).value }
        let decoded = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for round in 0..<8 {
                for (index, bytes) in replies.enumerated() where (index + round) % 2 == 0 {
                    group.addTask { (index, try? CGMinerJSON.parse(bytes).value) }
                }
            }
            var all: [(Int, JSONValue?)] = []
            for await result in group { all.append(result) }
            return all
        }
        for (index, value) in decoded { #expect(value == expected[index], "reply \(index)") }
    }

    @Test func aRepeatedKeyKeepsItsLastValueFromATemplateToo() throws {
        // SYNTHETIC: Whatsminer M3 repeats `chip_ok_cores_4` in one STATS entry.
        let text = #"{"a":1,"dup_key_longer_than_15":2,"b":3,"dup_key_longer_than_15":4,"c":5}"#
        for _ in 0..<4 {
            let value = try decode(text)
            #expect(value["dup_key_longer_than_15"] == .number(4))
            #expect(value.objectValue?.count == 4)
        }
    }

    @Test func theSameKeysInAnotherOrderOrNumberAreAnotherShape() throws {
        // SYNTHETIC objects sharing keys.
        let first = #"{"a":1,"b":2,"c":3,"d":4}"#
        for _ in 0..<3 { _ = try decode(first) }
        #expect(try decode(#"{"b":1,"a":2,"c":3,"d":4}"#) == decode(#"{"a":2,"b":1,"d":4,"c":3}"#))
        #expect(try decode(#"{"b":1,"a":2,"c":3,"d":4}"#)["a"] == .number(2))
        #expect(try decode(#"{"a":1,"b":2,"c":3,"d":4,"e":5}"#).objectValue?.count == 5)
        #expect(try decode(#"{"a":1,"b":2,"c":3,"x":4}"#)["x"] == .number(4))
        #expect(try decode(first)["d"] == .number(4))
    }

    @Test func keysKeepTheirOwnSpellingOutsideASCII() throws {
        // SYNTHETIC: "café" precomposed, then decomposed; Swift calls them equal, the reply spells them differently.
        let composed = "{\"caf\u{E9}\":1,\"b\":2,\"c\":3,\"d\":4}"
        for _ in 0..<3 { _ = try decode(composed) }
        let decomposed = try decode("{\"cafe\u{301}\":1,\"b\":2,\"c\":3,\"d\":4}")
        let key = try #require(decomposed.objectValue?.keys.first { $0.hasPrefix("caf") })
        #expect(Array(key.utf8) == Array("cafe\u{301}".utf8))
    }
}
