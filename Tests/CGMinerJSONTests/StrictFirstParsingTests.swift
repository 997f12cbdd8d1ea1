import TestSupport
import Testing

@testable import CGMinerJSON

/// The engine reads a reply as it came when it is strict JSON the repair pass would leave alone, and through the
/// repair pass otherwise. Either way its value must be what Foundation's `JSONSerialization`, an independent parser,
/// reads from the strict text: the reply itself, or what the repair pass made of it.
@Suite struct StrictFirstParsingTests {
    private func untouched(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { StrictJSONParser.parseUntouched($0) }
    }

    @Test func everyStrictRecordedReplyReadsAsFoundationReadsIt() throws {
        var compared = 0
        for (name, bytes) in RecordedReplies.all {
            guard let reference = FoundationReference.value(bytes) else { continue }
            compared += 1
            // As recorded, and as the wire delivers it: with the NUL that ends a reply.
            for input in [bytes, bytes + [0]] {
                let parsed = try CGMinerJSON.parse(input)
                #expect(parsed.repairs == [], "\(name)")
                #expect(parsed.value == reference, "\(name)")
            }
        }
        // All but the two that need repair (bmminer's `}{`, S9k's trailing `"}`) and the truncated excerpt.
        #expect(compared == RecordedReplies.all.count - 3)
    }

    @Test func recordedRepliesThatNeedRepairReadAsFoundationReadsTheRepairedText() throws {
        for (folder, file) in [("antminer-s9-bmminer", "stats.json"), ("antminer-s9k-cgminer", "version.json")] {
            let bytes = try FixtureFiles.bytes(folder, file)
            #expect(FoundationReference.value(bytes) == nil, "\(folder)/\(file) is strict JSON")
            let reference = try #require(FoundationReference.valueOfRepairedText(bytes), "\(folder)/\(file)")
            let parsed = try CGMinerJSON.parse(bytes)
            #expect(parsed.repairs != [], "\(folder)/\(file)")
            #expect(parsed.value == reference, "\(folder)/\(file)")
        }
    }

    @Test func strictRecordedRepliesSkipTheRepairPass() throws {
        let bytes = try FixtureFiles.bytes("whatsminer-m3-cgminer", "stats.json")
        let value = try #require(untouched(bytes))
        #expect(value == FoundationReference.value(bytes))
    }

    @Test func validJSONThatTheRepairPassFlagsIsLeftToIt() throws {
        // SYNTHETIC: strict JSON (or nearly) that the repair pass still rewrites or reports, and the strict text that
        // the engine must read it as.
        let latin1 = Array(#"{"t":"56"#.utf8) + [0xB0] + Array(#"C"}"#.utf8)
        let cases: [([UInt8], String, CGMinerJSON.Repairs)] = [
            (Array(#"{"a":"nan"}"#.utf8), #"{"a":null}"#, .nonFiniteNumber),
            (Array(#"{"a":["-Inf"]}"#.utf8), #"{"a":[null]}"#, .nonFiniteNumber),
            (Array(#"{"a":1e999}"#.utf8), #"{"a":null}"#, .nonFiniteNumber),
            (Array(#"{"a":007}"#.utf8), #"{"a":7}"#, .numberFormat),
            (Array(#"{"a":5.}"#.utf8), #"{"a":5}"#, .numberFormat),
            (Array("{\"a\":\"x\u{01}\"}".utf8), #"{"a":"x\u0001"}"#, .controlCharacter),
            (Array(#"{"a":"\'"}"#.utf8), #"{"a":"'"}"#, .invalidEscape),
            (Array("\u{FEFF}{\"a\":1}".utf8), #"{"a":1}"#, .leadingGarbage),
            (Array(#"{"a":1}x"#.utf8), #"{"a":1}"#, .trailingBytes),
            (latin1, #"{"t":"56\uFFFDC"}"#, .invalidUTF8),
        ]
        for (input, strict, repairs) in cases {
            let label = String(decoding: input, as: UTF8.self)
            #expect(untouched(input) == nil, "\(label)")
            let parsed = try CGMinerJSON.parse(input)
            #expect(parsed.repairs == repairs, "\(label)")
            #expect(parsed.value == FoundationReference.value(strict), "\(label)")
        }
    }

    @Test func plainJSONNeedsNoRepair() throws {
        // SYNTHETIC: what the repair pass leaves alone, including keys spelling nan and padding it drops quietly; the
        // second text is the first without the NULs Foundation does not take.
        let cases = [
            (#"{"nan":"nanx","b":[true,false,null,-0,1.5e3,"\u00e9\n"],"c":{}}"#, nil),
            (" \n{\"a\":[]}\n\0\0", " \n{\"a\":[]}\n"),
            (#"{"a":123456789012345678901234567890}"#, nil),
        ]
        for (text, withoutNUL) in cases {
            let input = Array(text.utf8)
            #expect(untouched(input) != nil, "\(text)")
            let parsed = try CGMinerJSON.parse(input)
            #expect(parsed.repairs == [], "\(text)")
            let reference = try #require(FoundationReference.value(withoutNUL ?? text), "\(text)")
            #expect(parsed.value == reference, "\(text)")
        }
    }

    @Test func longRepeatedKeysDecodeToTheirOwnText() throws {
        // SYNTHETIC: long keys that differ only in their middle or end, repeated across objects.
        let keys = (0..<300).map { "temp_sensor_\($0)_err_turnoff_threshold" } + ["x_long_key_but_only_once_here"]
        let object = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        let text = "{\"STATS\":[" + Array(repeating: object, count: 3).joined(separator: ",") + "]}"
        let value = try #require(untouched(Array(text.utf8)))
        let entries = try #require(value["STATS"]?.arrayValue)
        #expect(entries.count == 3)
        for entry in entries {
            for (n, key) in keys.enumerated() { #expect(entry[key]?.doubleValue == Double(n)) }
            #expect(entry.objectValue?.count == keys.count)
        }
    }

    @Test func decimalsAreCorrectlyRounded() throws {
        // SYNTHETIC numbers in the shapes miners write, against the standard library's `Double(_:)` of the same text.
        var rng = SplitMix64(seed: 0xD0_0B1E)
        var texts = [
            "0.1", "0.30", "513892815043.0000", "123000000.00000000", "99999999.000000", "0.0842",
            "9007199254740993", "1.7976931348623157e308", "4.9e-324", "-0.0", "12345678901234567.5",
        ]
        for _ in 0..<2000 {
            let int = String(UInt64.random(in: 0...UInt64(1) << 40, using: &rng))
            let fraction = String(UInt64.random(in: 0...999_999_999, using: &rng))
            let zeros = String(repeating: "0", count: Int.random(in: 0...6, using: &rng))
            texts.append("\(int).\(zeros)\(fraction)\(zeros)")
        }
        for text in texts {
            let value = try #require(untouched(Array("[\(text)]".utf8))?[0]?.doubleValue, "\(text)")
            #expect(value == Double(text), "\(text)")
        }
    }

    @Test func mutatedRepliesReadAsFoundationReadsTheirStrictText() {
        var rng = SplitMix64(seed: 0x57_1C7)
        let replacements = Array(#"{}[],:"\0.-enN5'"#.utf8) + [0, 0x01, 0x0A, 0x80, 0xC3]
        var strictOnes = 0
        var repairedOnes = 0
        for (name, bytes) in RecordedReplies.all where !bytes.isEmpty {
            for index in 0..<10 {
                let input = ReplyMutation.mutate(
                    bytes, edits: 1...3, replacements: replacements, truncating: false, using: &rng)
                let label = "\(name) mutation \(index) (seed 0x571C7)"
                guard let parsed = try? CGMinerJSON.parse(input) else {
                    #expect((try? CGMinerRepair.repair(input)) == nil, "engine rejects what repair takes: \(label)")
                    continue
                }
                if parsed.repairs.isEmpty { strictOnes += 1 } else { repairedOnes += 1 }
                guard let reference = FoundationReference.valueOfRepairedText(input) else {
                    Issue.record("Foundation rejects the strict text: \(label)")
                    continue
                }
                #expect(parsed.value == reference, "\(label)")
            }
        }
        // Both paths must have been compared: mutations that stay strict JSON and ones that need the repair pass.
        #expect(strictOnes > 0)
        #expect(repairedOnes > 0)
    }
}
