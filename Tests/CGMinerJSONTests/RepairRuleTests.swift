import TestSupport
import Testing

@testable import CGMinerJSON

/// One test per repair rule: on the recorded reply that needs it where the corpus has one, else on a SYNTHETIC reply.
@Suite struct RepairRuleTests {
    private func repaired(_ text: String) throws -> CGMinerRepair.Repaired {
        try CGMinerRepair.repair(Array(text.utf8))
    }

    private func text(_ r: CGMinerRepair.Repaired) -> String {
        String(decoding: r.bytes, as: UTF8.self)
    }

    @Test func bmminerMissingCommaBetweenStatsObjectsIsInserted() throws {
        let bytes = try FixtureFiles.bytes("antminer-s9-bmminer", "stats.json")
        let parsed = try CGMinerJSON.parse(bytes)
        #expect(parsed.repairs.contains(.missingComma))
        let stats = try #require(parsed.value["STATS"]?.arrayValue)
        #expect(stats.count == 2)
        #expect(stats.first?["Type"]?.stringValue?.hasPrefix("Antminer S9\n") == true)
        #expect(stats.last?["STATS"]?.doubleValue == 0)
    }

    @Test func s9kVersionTrailingBytesAreDropped() throws {
        let bytes = try FixtureFiles.bytes("antminer-s9k-cgminer", "version.json")
        let repaired = try CGMinerRepair.repair(bytes)
        #expect(repaired.repairs == [.trailingBytes])
        #expect(repaired.trailingByteCount == 2)
        let parsed = try CGMinerJSON.parse(bytes)
        #expect(parsed.value["VERSION"]?[0]?["Type"]?.stringValue == "Antminer S9k")
    }

    @Test func truncatedJoinedD3ReplyIsAnErrorNotAGuess() throws {
        let bytes = try FixtureFiles.bytes("antminer-d3-cgminer-blissz", "summary+stats+pools.TRUNCATED-excerpt.txt")
        let error = #expect(throws: CGMinerJSONError.self) { try CGMinerJSON.parse(bytes) }
        guard case .truncated(let count, let tail)? = error else {
            Issue.record("expected truncated, got \(String(describing: error))")
            return
        }
        #expect(count == bytes.count)
        #expect(tail.hasSuffix(#""fan_"#))
    }

    @Test func bmminerLeadingCommaInArrayIsDropped() throws {
        // SYNTHETIC: the `[,{` some bmminer versions write.
        let r = try repaired(#"{"STATUS":[,{"STATUS":"S","Code":70}],"STATS":[,{"ID":"BTM_SOC0"}],"id":1}"#)
        #expect(r.repairs == [.extraComma])
        #expect(text(r) == #"{"STATUS":[{"STATUS":"S","Code":70}],"STATS":[{"ID":"BTM_SOC0"}],"id":1}"#)
    }

    @Test func btminerTrailingCommaBeforeCloseIsDropped() throws {
        // SYNTHETIC: btminer's `,}` and `,]`.
        let r = try repaired(#"{"SUMMARY":[{"Power":3230,},],"id":1,}"#)
        #expect(r.repairs == [.trailingComma])
        #expect(text(r) == #"{"SUMMARY":[{"Power":3230}],"id":1}"#)
    }

    @Test func rawNewlineInsideStringIsEscapedAndOutsideDropped() throws {
        // SYNTHETIC: btminer's raw newlines.
        let r = try repaired("{\"Msg\":\"line one\nline two\",\n\"id\":1}\n")
        #expect(r.repairs.contains(.controlCharacter))
        #expect(text(r) == "{\"Msg\":\"line one\\nline two\",\n\"id\":1}")
        #expect(try CGMinerJSON.parse(r.bytes).value["Msg"]?.stringValue == "line one\nline two")
    }

    @Test func otherControlCharactersInsideStringsBecomeUnicodeEscapes() throws {
        // SYNTHETIC: a BEL and a tab inside a value.
        let r = try repaired("{\"a\":\"x\u{07}y\tz\"}")
        #expect(text(r) == #"{"a":"x\u0007y\tz"}"#)
    }

    @Test func whatsminerSingleQuoteEscapeBecomesAQuote() throws {
        // SYNTHETIC: Whatsminer's `\'` (the M20S capture that has it is not in this corpus).
        let r = try repaired(#"{"Firmware Version":"\'20200512.13.REL\'"}"#)
        #expect(r.repairs == [.invalidEscape])
        #expect(text(r) == #"{"Firmware Version":"'20200512.13.REL'"}"#)
    }

    @Test func otherInvalidEscapeKeepsItsBackslash() throws {
        // SYNTHETIC: a Windows-style path.
        let r = try repaired(#"{"p":"C:\miner\x.log","u":"\u00e9"}"#)
        let value = try CGMinerJSON.parse(r.bytes).value
        #expect(value["p"]?.stringValue == #"C:\miner\x.log"#)
        #expect(value["u"]?.stringValue == "é")
    }

    @Test func bareAndQuotedNanAndInfBecomeNull() throws {
        // SYNTHETIC: Avalon's nan/inf, bare and quoted.
        let r = try repaired(#"{"a":nan,"b":"inf","c":-inf,"d":"-inf","e":[NaN,Infinity],"f":"nan"}"#)
        #expect(r.repairs == [.nonFiniteNumber])
        #expect(text(r) == #"{"a":null,"b":null,"c":null,"d":null,"e":[null,null],"f":null}"#)
    }

    @Test func nanInsideALongerStringOrAsAKeyIsLeftAlone() throws {
        // SYNTHETIC: only whole values are rewritten.
        let r = try repaired(#"{"nan":"nanometer","inf":"info"}"#)
        #expect(r.repairs.isEmpty)
        #expect(text(r) == #"{"nan":"nanometer","inf":"info"}"#)
    }

    @Test func avalonLeadingCommaBecomesAnOpeningBrace() throws {
        // SYNTHETIC: Avalon's `,"id":1}` garbage.
        let r = try repaired(#","id":1}"#)
        #expect(r.repairs == [.leadingGarbage])
        #expect(text(r) == #"{"id":1}"#)
    }

    @Test func whatsminerMissingCommaBeforeTemp0IsInserted() throws {
        // SYNTHETIC: btminer 2023-01-06 `""temp0`.
        let r = try repaired(#"{"Msg":{"fan_speed":"2400""temp0":"56.0"}}"#)
        #expect(r.repairs == [.missingComma])
        #expect(text(r) == #"{"Msg":{"fan_speed":"2400","temp0":"56.0"}}"#)
    }

    @Test func structuralBytesInsideStringsAreNeverRewritten() throws {
        // SYNTHETIC: `}{`, `,}`, `[,{` and nan inside string literals stay as they are.
        let source = #"{"a":"x}{y","b":"p,}q","c":"[,{","d":"nan inf","e":"\"}{\""}"#
        let r = try repaired(source)
        #expect(r.repairs.isEmpty)
        #expect(text(r) == source)
    }

    @Test func numbersOutsideJSONGrammarAreNormalised() throws {
        // SYNTHETIC: `+1`, `007`, `.5`, `5.`.
        let r = try repaired(#"{"a":+1,"b":007,"c":.5,"d":5.,"e":-0.25e+3}"#)
        #expect(r.repairs == [.numberFormat])
        #expect(text(r) == #"{"a":1,"b":7,"c":0.5,"d":5,"e":-0.25e+3}"#)
    }

    @Test func strictReplyIsReturnedAsItWas() throws {
        let bytes = try FixtureFiles.bytes("avalon-8xx-cgminer", "summary.pretty.json")
        let r = try CGMinerRepair.repair(bytes)
        #expect(r.repairs.isEmpty)
        #expect(r.bytes == bytes)
    }

    @Test func strayControlBytesBetweenTokensAreDropped() throws {
        // SYNTHETIC: a NUL and a BEL between tokens, whitespace kept.
        let r = try repaired("{\"a\":\u{0}1,\u{07} \"b\":2}")
        #expect(r.repairs == [.controlCharacter])
        #expect(text(r) == #"{"a":1, "b":2}"#)
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharacters() throws {
        // SYNTHETIC: a Latin-1 degree sign inside a value.
        let r = try CGMinerRepair.repair(Array(#"{"t":"56"#.utf8) + [0xB0] + Array(#"C"}"#.utf8))
        #expect(r.repairs == [.invalidUTF8])
        #expect(try CGMinerJSON.parse(r.bytes).value["t"]?.stringValue == "56\u{FFFD}C")
    }

    @Test func numberBeyondADoubleBecomesNull() throws {
        // SYNTHETIC.
        let r = try repaired(#"{"a":1e999,"b":2.5e3}"#)
        #expect(text(r) == #"{"a":null,"b":2.5e3}"#)
    }

    @Test func trailingNulFromTheWireIsDropped() throws {
        let bytes = try FixtureFiles.bytes("antminer-s9-bmminer", "version.json") + [0]
        let r = try CGMinerRepair.repair(bytes)
        #expect(r.repairs.isEmpty)
        #expect(r.trailingByteCount == 1)
    }
}
