import TestSupport
import Testing

@testable import CGMinerJSON

/// What the parse cache keeps from one reply for the next (long keys, object templates) never leaks into another
/// value: every parse, first or repeated, of the same bytes or of other bytes with the same shape, one at a time or
/// many at once, gives what Foundation's `JSONSerialization` reads from those bytes. A stale template or key would
/// give an earlier reply's values or keys.
@Suite struct ParseCacheTests {
    /// Parses `text` and compares the value with Foundation's.
    private func expectReadAsFoundation(
        _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reference = try #require(FoundationReference.value(text), "\(text)", sourceLocation: sourceLocation)
        let value = try CGMinerJSON.parse(Array(text.utf8)).value
        #expect(value == reference, "\(text)", sourceLocation: sourceLocation)
    }

    @Test func everyRecordedReplyReadsAsFoundationEveryTime() throws {
        var compared = 0
        for (name, bytes) in RecordedReplies.all {
            guard let reference = FoundationReference.valueOfRepairedText(bytes) else { continue }
            compared += 1
            for round in 0..<3 {
                #expect(try CGMinerJSON.parse(bytes).value == reference, "\(name) parse \(round + 1)")
            }
        }
        #expect(compared == RecordedReplies.all.count - 1)
    }

    @Test func objectsOfOneShapeWithOtherValuesReadAsFoundation() throws {
        // SYNTHETIC: a STATS-like entry whose keys (long ones too, which the key table shares) stay and whose values
        // change from reply to reply, as every poll of one miner does.
        var rng = SplitMix64(seed: 0x5_4A9E)
        let keys = ["Elapsed", "GHS 5s", "temp_sensor_1_err_turnoff_threshold", "chain_acn1", "fan_speed_in_rpm_1"]
        for round in 0..<50 {
            let members = keys.map { key in
                let value =
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: String(Int.random(in: -1000...1000, using: &rng))
                    case 1: "\"\(Int.random(in: 0...99_999, using: &rng))\""
                    case 2: "[\(Double.random(in: 0...100, using: &rng)), null]"
                    default: "{\"a\":\(round),\"b\":true,\"c\":\"x\",\"d\":[]}"
                    }
                return "\"\(key)\":\(value)"
            }
            try expectReadAsFoundation("{\"STATS\":[{" + members.joined(separator: ",") + "}],\"id\":\(round)}")
        }
    }

    @Test func theSameKeysInAnotherOrderOrNumberAreAnotherShape() throws {
        // SYNTHETIC objects sharing keys, after one shape has been seen often enough to be kept.
        for _ in 0..<3 { try expectReadAsFoundation(#"{"a":1,"b":2,"c":3,"d":4}"#) }
        try expectReadAsFoundation(#"{"b":1,"a":2,"c":3,"d":4}"#)
        try expectReadAsFoundation(#"{"a":1,"b":2,"c":3,"d":4,"e":5}"#)
        try expectReadAsFoundation(#"{"a":1,"b":2,"c":3}"#)
        try expectReadAsFoundation(#"{"a":1,"b":2,"c":3,"x":4}"#)
        try expectReadAsFoundation(#"{"a":5,"b":6,"c":7,"d":8}"#)
    }

    @Test func longKeysThatDifferOnlyInTheirMiddleStayApart() throws {
        // SYNTHETIC: keys over 15 bytes (kept in the key table) with the same length, start and end.
        let keys = (10..<50).map { "temp_chip_\($0)_of_chain_one" }
        for round in 0..<3 {
            let object = keys.enumerated().map { "\"\($1)\":\($0 * 10 + round)" }.joined(separator: ",")
            try expectReadAsFoundation("{" + object + "}")
        }
    }

    @Test func aRepeatedKeyKeepsItsLastValueFromATemplateToo() throws {
        // SYNTHETIC: Whatsminer M3 repeats `chip_ok_cores_4` in one STATS entry.
        for value in 0..<4 {
            try expectReadAsFoundation(
                #"{"a":1,"dup_key_longer_than_15":2,"b":3,"dup_key_longer_than_15":\#(value),"c":5}"#)
        }
    }

    @Test func manyRepliesAtOnceReadAsFoundation() async throws {
        let replies = RecordedReplies.all.compactMap { reply in
            FoundationReference.valueOfRepairedText(reply.bytes).map { (reply.bytes, $0) }
        }
        #expect(replies.count == RecordedReplies.all.count - 1)
        let mismatches = await withTaskGroup(of: Int?.self) { group in
            for round in 0..<8 {
                for (index, (bytes, reference)) in replies.enumerated() where (index + round) % 2 == 0 {
                    group.addTask { (try? CGMinerJSON.parse(bytes).value) == reference ? nil : index }
                }
            }
            var all: [Int] = []
            for await case let index? in group { all.append(index) }
            return all
        }
        #expect(mismatches.isEmpty, "replies read otherwise than Foundation reads them: \(Set(mismatches).sorted())")
    }

    @Test func keysKeepTheirOwnSpellingOutsideASCII() throws {
        // SYNTHETIC: "café" precomposed, then decomposed; Swift calls them equal, the reply spells them differently,
        // so Foundation cannot tell them apart here and the bytes are compared instead.
        let composed = "{\"caf\u{E9}\":1,\"b\":2,\"c\":3,\"d\":4}"
        for _ in 0..<3 { _ = try CGMinerJSON.parse(Array(composed.utf8)) }
        let decomposed = try CGMinerJSON.parse(Array("{\"cafe\u{301}\":1,\"b\":2,\"c\":3,\"d\":4}".utf8)).value
        let key = try #require(decomposed.objectValue?.keys.first { $0.hasPrefix("caf") })
        #expect(Array(key.utf8) == Array("cafe\u{301}".utf8))
    }
}
