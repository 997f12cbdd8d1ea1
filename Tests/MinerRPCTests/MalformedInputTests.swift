import Testing

@testable import MinerRPC

/// Inputs that are not a cgminer reply are rejected with a clear error, never a crash.
@Suite struct MalformedInputTests {
    private func error(_ bytes: [UInt8]) -> CGMinerError? {
        do {
            _ = try CGMinerDecoder.decode(command: "summary", bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyInputIsAnEmptyReply() {
        #expect(error([]) == .emptyReply)
    }

    @Test func nulOnlyIsAnEmptyReply() {
        #expect(error([0]) == .emptyReply)
        #expect(error([0, 0, 0x20, 0x0A]) == .emptyReply)
    }

    @Test func openBraceAloneIsTruncated() {
        guard case .truncatedReply(1, _)? = error(Array("{".utf8)) else {
            Issue.record("expected truncatedReply")
            return
        }
    }

    @Test func replyCutAfterStatusKeyIsTruncated() {
        guard case .truncatedReply? = error(Array(#"{"STATUS":"#.utf8)) else {
            Issue.record("expected truncatedReply")
            return
        }
    }

    @Test func replyCutInsideStringOrEscapeIsTruncated() {
        for text in [#"{"STATUS":[{"Msg":"Summ"#, #"{"a":"x\"#, #"{"a":"\u00"#, #"{"a":tr"#, #"{"a":-1"#] {
            guard case .truncatedReply? = error(Array(text.utf8)) else {
                Issue.record("\(text): expected truncatedReply, got \(String(describing: error(Array(text.utf8))))")
                continue
            }
        }
    }

    @Test func binaryGarbageIsMalformedWithPosition() {
        // SYNTHETIC garbage bytes.
        let garbage: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0x13, 0x37]
        guard case .malformedJSON(let position, _, let excerpt)? = error(garbage) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(position == 0)
        #expect(excerpt.hasPrefix("\\x89"))
    }

    @Test func htmlPageIsMalformedAndSaysSo() {
        // SYNTHETIC: what an HTTP server on 4028 (ePIC, a web UI) might send.
        let html = Array("<!DOCTYPE html><html><head><title>Miner</title></head></html>".utf8)
        guard case .malformedJSON(0, let reason, _)? = error(html) else {
            Issue.record("expected malformedJSON at 0")
            return
        }
        #expect(reason.contains("HTML"))
    }

    @Test func bareNumberIsNotAReply() {
        guard case .malformedJSON(_, let reason, _)? = error(Array("42".utf8)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(reason.contains("a number"))
    }

    @Test func hundredThousandNestedArraysAreRejectedWithoutRecursion() {
        let deep =
            [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        guard case .malformedJSON(let position, let reason, _)? = error(deep) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(position == CGMinerRepair.maxDepth)
        #expect(reason.contains("nested deeper"))
    }

    @Test func nestingUpToTheLimitDecodes() throws {
        let depth = CGMinerRepair.maxDepth - 1
        let text = "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let reply = try CGMinerDecoder.decode(command: "x", bytes: Array(text.utf8))
        #expect(reply.body["a"]?.arrayValue?.count == 1)
    }

    @Test func missingColonIsMalformed() {
        guard case .malformedJSON(5, _, _)? = error(Array(#"{"a" 1}"#.utf8)) else {
            Issue.record("expected malformedJSON at 5")
            return
        }
    }

    @Test func invalidNumberIsMalformed() {
        guard case .malformedJSON(_, let reason, _)? = error(Array(#"{"a":1.2.3}"#.utf8)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(reason.contains("invalid number"))
    }

    @Test func errorDescriptionsSayWhatHappened() {
        #expect(
            CGMinerError.replyTooLarge(limit: 4_194_304).description == "reply exceeded 4194304 bytes and was cut there"
        )
        #expect(
            CGMinerError.noReplyWithinDeadline(deadline: .seconds(3), receivedBytes: 17).description
                == "reply not finished within 3 s (17 bytes received so far)")
        #expect(
            CGMinerError.firmwareStatus(command: "pools", letter: "E", code: 45, message: "Access denied").description
                == "miner answered 'pools' with STATUS E Code 45: Access denied")
        #expect(
            CGMinerError.connectTimeout(after: .milliseconds(1500)).description == "could not connect within 1500 ms")
    }

    @Test func unreachableIsTellsNoContactFromBadReply() {
        #expect(CGMinerError.connectionRefused.isUnreachable)
        #expect(CGMinerError.noReplyWithinDeadline(deadline: .seconds(1), receivedBytes: 0).isUnreachable)
        #expect(!CGMinerError.noReplyWithinDeadline(deadline: .seconds(1), receivedBytes: 5).isUnreachable)
        #expect(!CGMinerError.malformedJSON(position: 0, reason: "", excerpt: "").isUnreachable)
        #expect(!CGMinerError.firmwareStatus(command: "x", letter: "E", code: 14, message: "").isUnreachable)
    }
}
