import Foundation
import TestSupport
import Testing

@testable import CGMinerJSON

/// Property tests over seeded random inputs: the repair pass and the decoder never crash or hang, and what the repair
/// pass accepts is strict JSON. A failing case prints its seed and index so it can be replayed.
@Suite struct FuzzTests {
    /// Repairs and decodes `input`; the only allowed outcomes are a value or a `CGMinerJSONError`. When the repair pass
    /// succeeds, its output must be strict JSON (Foundation's parser agrees) and repairing it again changes nothing.
    private func check(_ input: [UInt8], _ label: @autoclosure () -> String) {
        do {
            let repaired = try CGMinerRepair.repair(input)
            let again = try CGMinerRepair.repair(repaired.bytes)
            #expect(again.bytes == repaired.bytes && again.repairs.isEmpty, "not idempotent: \(label())")
            do {
                _ = try JSONSerialization.jsonObject(with: Data(repaired.bytes), options: .fragmentsAllowed)
            } catch {
                Issue.record("repair output is not strict JSON: \(label()): \(error)")
            }
        } catch {
            // Typed: a CGMinerJSONError by construction.
        }
        do {
            _ = try CGMinerJSON.parse(input)
        } catch {
            // Typed: a CGMinerJSONError by construction.
        }
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

    @Test func everyCutOfACompleteReplyIsTruncatedNeverGuessed() throws {
        var rng = SplitMix64(seed: 0x70_7C)
        for (name, bytes) in RecordedReplies.all {
            guard let repaired = try? CGMinerRepair.repair(bytes), repaired.repairs.isDisjoint(with: .trailingBytes)
            else { continue }
            let end = bytes.lastIndex(of: UInt8(ascii: "}")) ?? bytes.count
            for index in 0..<30 {
                let cut = index == 0 ? end : Int.random(in: 1..<end, using: &rng)
                let prefix = Array(bytes[..<cut])
                do {
                    _ = try CGMinerRepair.repair(prefix)
                    Issue.record("\(name) cut at \(cut) was accepted")
                } catch {
                    let isTruncated = if case .truncated = error { true } else { false }
                    #expect(isTruncated || error == .empty, "\(name) cut at \(cut): \(error)")
                }
            }
        }
    }
}
