import Foundation
import TestSupport
import Testing

@testable import CGMinerJSON

/// Property tests over seeded random inputs: the engine never crashes or hangs, what the repair pass accepts is strict
/// JSON, and an error says what really happened: a truncation counts the bytes there were, a malformed reply points at
/// the byte that broke it. A failing case prints its seed and index so it can be replayed.
@Suite struct FuzzTests {
    /// Parses `input` and checks the outcome. A value must be what Foundation reads from the repair pass's output,
    /// which must itself be strict JSON that a second repair leaves alone. An error must fit the input: `.empty` only
    /// for bytes the parser may skip, `.truncated` counting every byte, `.malformed` at a byte of the input (never a
    /// failure of the parse after repair), and the same error as the repair pass gives.
    private func check(_ input: [UInt8], _ label: @autoclosure () -> String) {
        let repaired = Result { () throws(CGMinerJSONError) in try CGMinerRepair.repair(input) }
        if case .success(let repaired) = repaired {
            let again = try? CGMinerRepair.repair(repaired.bytes)
            #expect(again?.bytes == repaired.bytes && again?.repairs == [], "not idempotent: \(label())")
        }
        do {
            let parsed = try CGMinerJSON.parse(input)
            let reference = FoundationReference.valueOfRepairedText(input)
            #expect(reference != nil, "repair output is not strict JSON: \(label())")
            #expect(parsed.value == reference, "\(label())")
        } catch {
            #expect(repaired.failure == error, "the repair pass fails otherwise: \(label())")
            switch error {
            case .empty:
                #expect(input.allSatisfy(Self.isSkippable), "empty but has content: \(label())")
            case .truncated(let byteCount, _):
                #expect(byteCount == input.count, "\(label())")
            case .malformed(let position, let reason, _):
                #expect(input.indices.contains(position), "at \(position) of \(input.count): \(label())")
                #expect(!reason.hasSuffix("(after repair)"), "\(reason): \(label())")
            }
        }
    }

    /// What may come before a reply's value without being a value: padding, control bytes and a BOM's bytes.
    private static func isSkippable(_ b: UInt8) -> Bool {
        b <= 0x20 || b == 0x7F || b == 0xEF || b == 0xBB || b == 0xBF
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 0xF1EE7)
        let alphabet = Array(#"{}[],:"\ntfrue0123456789.-+eE nanINF'"#.utf8) + [0, 0x0A, 0xFF, 0xC3]
        for index in 0..<2000 {
            let count = Int.random(in: 0...200, using: &rng)
            let structured = index % 2 == 0
            let input = (0..<count).map { _ in
                structured ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(input, "random case \(index) (seed 0xF1EE7)")
        }
    }

    @Test func mutatedCorpusRepliesNeverCrash() {
        var rng = SplitMix64(seed: 4028)
        let replacements = Array(#"{}[],:"\0.-en"#.utf8) + [0, 0x0A, 0x80]
        for (name, bytes) in RecordedReplies.all where !bytes.isEmpty {
            for index in 0..<25 {
                let input = ReplyMutation.mutate(
                    bytes, edits: 1...4, replacements: replacements, truncating: true, using: &rng)
                check(input, "\(name) mutation \(index) (seed 4028)")
            }
        }
    }

    @Test func aReplyCutAtAnyByteIsTruncatedThere() throws {
        var rng = SplitMix64(seed: 0x70_7C)
        var cuts = 0
        for (name, bytes) in RecordedReplies.all {
            guard let parsed = try? CGMinerJSON.parse(bytes), parsed.repairs.isDisjoint(with: .trailingBytes),
                let end = bytes.lastIndex(of: UInt8(ascii: "}"))
            else { continue }
            for index in 0..<30 {
                // The first cut leaves out only the closing brace.
                let cut = index == 0 ? end : Int.random(in: 1..<end, using: &rng)
                let label = "\(name) cut at \(cut) of \(bytes.count)"
                cuts += 1
                let error = #expect(throws: CGMinerJSONError.self, "\(label)") { try CGMinerJSON.parse(bytes[..<cut]) }
                if bytes[..<cut].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
                    // Cut in the whitespace before the value (a pretty-printed documentation example): nothing came.
                    #expect(error == .empty, "\(label)")
                    continue
                }
                guard case .truncated(let byteCount, let tail)? = error else {
                    Issue.record("not truncated: \(label): \(String(describing: error))")
                    continue
                }
                #expect(byteCount == cut, "\(label)")
                let last = bytes[cut - 1]
                if (0x20..<0x7F).contains(last) { #expect(tail.utf8.last == last, "tail '\(tail)': \(label)") }
            }
        }
        #expect(cuts >= 30 * 40)
    }

    @Test func aStrayByteIsMalformedWhereItStands() throws {
        // A byte that is no part of JSON, put between or inside the tokens of a strict recorded reply (never inside a
        // string, where it would be text): the error is at that byte, or at the start of the bare token (number or
        // word) it cut into, which is where the token stops making sense.
        var rng = SplitMix64(seed: 0x57_2A7)
        let strays: [UInt8] = [UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: ")"), 0xFF]
        var placed = 0
        for (name, bytes) in RecordedReplies.all {
            guard let parsed = try? CGMinerJSON.parse(bytes), parsed.repairs.isEmpty,
                let end = bytes.lastIndex(of: UInt8(ascii: "}"))
            else { continue }
            let positions = Self.positionsOutsideStrings(bytes[...end])
            for index in 0..<20 {
                let at = positions.randomElement(using: &rng)!
                let stray = strays.randomElement(using: &rng)!
                var input = bytes
                input.insert(stray, at: at)
                let span = Self.bareTokenStart(before: at, in: bytes)...at
                let label = "\(name) stray \(Excerpt.describe(stray)) at \(at) (case \(index), seed 0x572A7)"
                placed += 1
                guard case .malformed(let position, _, _)? = Self.error(input) else {
                    Issue.record("not malformed: \(label): \(String(describing: Self.error(input)))")
                    continue
                }
                #expect(span.contains(position), "error at \(position), expected \(span): \(label)")
            }
        }
        #expect(placed >= 20 * 40)
    }

    private static func error(_ input: [UInt8]) -> CGMinerJSONError? {
        do {
            _ = try CGMinerJSON.parse(input)
            return nil
        } catch {
            return error
        }
    }

    /// The indices before which a byte inserted into strict JSON lands outside every string literal.
    private static func positionsOutsideStrings(_ bytes: ArraySlice<UInt8>) -> [Int] {
        var positions: [Int] = []
        var inString = false
        var escaped = false
        for k in bytes.indices {
            if !inString { positions.append(k) }
            let b = bytes[k]
            if escaped {
                escaped = false
            } else if inString && b == UInt8(ascii: "\\") {
                escaped = true
            } else if b == UInt8(ascii: "\"") {
                inString.toggle()
            }
        }
        return positions
    }

    /// Where the bare token (number, `true`, `false`, `null`) that ends just before `at` starts; `at` when none does.
    private static func bareTokenStart(before at: Int, in bytes: [UInt8]) -> Int {
        var start = at
        while start > 0, isBare(bytes[start - 1]) { start -= 1 }
        return start
    }

    /// A byte of a number or a word: digits, `.`, signs and ASCII letters.
    private static func isBare(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || Array(".-+".utf8).contains(b)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20)
    }
}

extension Result {
    /// The error, when this is a failure.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
