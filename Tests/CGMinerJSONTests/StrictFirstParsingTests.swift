import TestSupport
import Testing

@testable import CGMinerJSON

/// The engine parses a reply as it came when the repair pass would leave it alone, and repairs it first otherwise;
/// both ways must give the same value, the same `repairs` and the same error as repairing every reply.
@Suite struct StrictFirstParsingTests {
    /// The engine's value and repairs, or its error, and the same from the repair-first path.
    private func bothWays(_ bytes: [UInt8]) -> (
        Result<CGMinerJSON.Parsed, CGMinerJSONError>, Result<CGMinerJSON.Parsed, CGMinerJSONError>
    ) {
        let fast = Result { () throws(CGMinerJSONError) in try CGMinerJSON.parse(bytes) }
        let reference = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CGMinerJSONError) in try CGMinerJSON.parseRepairing(buffer) }
        }
        return (fast, reference)
    }

    private func untouched(_ text: String) -> JSONValue? {
        Array(text.utf8).withUnsafeBufferPointer { StrictJSONParser.parseUntouched($0) }
    }

    @Test func everyRecordedReplyDecodesAsTheRepairPathDoes() throws {
        for (name, bytes) in RecordedReplies.all {
            for input in [bytes, bytes + [0]] {
                let (fast, reference) = bothWays(input)
                #expect(fast == reference, "\(name)")
            }
        }
    }

    @Test func strictRecordedRepliesSkipTheRepairPass() throws {
        let bytes = try FixtureFiles.bytes("whatsminer-m3-cgminer", "stats.json")
        let value = try #require(bytes.withUnsafeBufferPointer { StrictJSONParser.parseUntouched($0) })
        #expect(value == (try bothWays(bytes).1.get().value))
    }

    @Test func validJSONThatTheRepairPassFlagsIsLeftToIt() {
        // SYNTHETIC: strict JSON (or nearly) that the repair pass still rewrites or reports.
        let cases: [(String, CGMinerJSON.Repairs)] = [
            (#"{"a":"nan"}"#, .nonFiniteNumber), (#"{"a":["-Inf"]}"#, .nonFiniteNumber),
            (#"{"a":1e999}"#, .nonFiniteNumber), (#"{"a":007}"#, .numberFormat), (#"{"a":5.}"#, .numberFormat),
            ("{\"a\":\"x\u{01}\"}", .controlCharacter), (#"{"a":"\'"}"#, .invalidEscape),
            ("\u{FEFF}{\"a\":1}", .leadingGarbage), (#"{"a":1}x"#, .trailingBytes),
        ]
        for (text, fixes) in cases {
            #expect(untouched(text) == nil, "\(text)")
            let (fast, reference) = bothWays(Array(text.utf8))
            #expect(fast == reference, "\(text)")
            #expect((try? fast.get())?.repairs == fixes, "\(text)")
        }
        let latin1 = Array(#"{"t":"56"#.utf8) + [0xB0] + Array(#"C"}"#.utf8)
        #expect(latin1.withUnsafeBufferPointer { StrictJSONParser.parseUntouched($0) } == nil)
        #expect((try? CGMinerJSON.parse(latin1))?.repairs == .invalidUTF8)
    }

    @Test func plainJSONNeedsNoRepair() {
        // SYNTHETIC: what the repair pass leaves alone, including keys spelling nan and padding it drops quietly.
        let cases = [
            #"{"nan":"nanx","b":[true,false,null,-0,1.5e3,"\u00e9\n"],"c":{}}"#, " \n{\"a\":[]}\n\0\0",
            #"{"a":123456789012345678901234567890}"#,
        ]
        for text in cases {
            #expect(untouched(text) != nil, "\(text)")
            let (fast, reference) = bothWays(Array(text.utf8))
            #expect(fast == reference, "\(text)")
            #expect((try? fast.get())?.repairs == [], "\(text)")
        }
    }

    @Test func longRepeatedKeysDecodeToTheirOwnText() throws {
        // SYNTHETIC: long keys that differ only in their middle or end, repeated across objects.
        let keys = (0..<300).map { "temp_sensor_\($0)_err_turnoff_threshold" } + ["x_long_key_but_only_once_here"]
        let object = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        let text = "{\"STATS\":[" + Array(repeating: object, count: 3).joined(separator: ",") + "]}"
        let value = try #require(untouched(text))
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
            let value = try #require(untouched("[\(text)]")?[0]?.doubleValue, "\(text)")
            #expect(value == Double(text), "\(text)")
        }
    }

    @Test func mutatedRepliesDecodeAsTheRepairPathDoes() {
        var rng = SplitMix64(seed: 0x57_1C7)
        let replacements = Array(#"{}[],:"\0.-enN5'"#.utf8) + [0, 0x01, 0x0A, 0x80, 0xC3]
        var strictOnes = 0
        for (name, bytes) in RecordedReplies.all where !bytes.isEmpty {
            for index in 0..<10 {
                let input = ReplyMutation.mutate(
                    bytes, edits: 1...3, replacements: replacements, truncating: false, using: &rng)
                if input.withUnsafeBufferPointer({ StrictJSONParser.parseUntouched($0) }) != nil { strictOnes += 1 }
                let (fast, reference) = bothWays(input)
                #expect(fast == reference, "\(name) mutation \(index) (seed 0x571C7)")
            }
        }
        // Mutations the strict parser rejects fall back to the repair path on both sides and prove little; some must
        // stay strict JSON, so the strict parser's own result is compared too.
        #expect(strictOnes > 0)
    }
}
