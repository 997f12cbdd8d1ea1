import Testing

@testable import CGMinerJSON

/// Inputs that are not JSON, or not all of it, are rejected with the error that says so, never a crash.
@Suite struct MalformedJSONTests {
    private func error(_ bytes: [UInt8]) -> CGMinerJSONError? {
        do {
            _ = try CGMinerJSON.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func error(_ text: String) -> CGMinerJSONError? {
        error(Array(text.utf8))
    }

    @Test func emptyInputIsEmpty() {
        #expect(error([]) == .empty)
    }

    @Test func nulAndWhitespaceOnlyIsEmpty() {
        #expect(error([0]) == .empty)
        #expect(error([0, 0, 0x20, 0x0A]) == .empty)
    }

    @Test func openBraceAloneIsTruncated() {
        guard case .truncated(1, _)? = error("{") else {
            Issue.record("expected truncated after 1 byte, got \(String(describing: error("{")))")
            return
        }
    }

    @Test func replyCutAfterStatusKeyIsTruncated() {
        let text = #"{"STATUS":"#
        guard case .truncated(let count, _)? = error(text) else {
            Issue.record("expected truncated, got \(String(describing: error(text)))")
            return
        }
        #expect(count == text.utf8.count)
    }

    @Test func replyCutInsideStringOrEscapeIsTruncated() {
        for text in [#"{"STATUS":[{"Msg":"Summ"#, #"{"a":"x\"#, #"{"a":"\u00"#, #"{"a":tr"#, #"{"a":-1"#] {
            guard case .truncated? = error(text) else {
                Issue.record("\(text): expected truncated, got \(String(describing: error(text)))")
                continue
            }
        }
    }

    @Test func binaryGarbageIsMalformedWithPosition() {
        // SYNTHETIC garbage bytes.
        let garbage: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0x13, 0x37]
        guard case .malformed(let position, _, let excerpt)? = error(garbage) else {
            Issue.record("expected malformed")
            return
        }
        #expect(position == 0)
        #expect(excerpt.hasPrefix("\\x89"))
    }

    @Test func htmlPageIsMalformedAndSaysSo() {
        // SYNTHETIC: what an HTTP server on 4028 (ePIC, a web UI) might send.
        let html = "<!DOCTYPE html><html><head><title>Miner</title></head></html>"
        guard case .malformed(0, let reason, _)? = error(html) else {
            Issue.record("expected malformed at 0")
            return
        }
        #expect(reason.contains("HTML"))
    }

    @Test func hundredThousandNestedArraysAreRejectedWithoutRecursion() {
        let deep =
            [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        guard case .malformed(let position, let reason, _)? = error(deep) else {
            Issue.record("expected malformed")
            return
        }
        #expect(position == CGMinerRepair.maxDepth)
        #expect(reason.contains("nested deeper"))
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = CGMinerRepair.maxDepth - 1
        let text = "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let value = try CGMinerJSON.parse(Array(text.utf8)).value
        #expect(value["a"]?.arrayValue?.count == 1)
    }

    @Test func missingColonIsMalformed() {
        guard case .malformed(5, _, _)? = error(#"{"a" 1}"#) else {
            Issue.record("expected malformed at 5")
            return
        }
    }

    @Test func invalidNumberIsMalformed() {
        guard case .malformed(_, let reason, _)? = error(#"{"a":1.2.3}"#) else {
            Issue.record("expected malformed")
            return
        }
        #expect(reason.contains("invalid number"))
    }
}
