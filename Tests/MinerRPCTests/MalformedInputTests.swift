import Testing

@testable import MinerRPC

/// What the decoder makes of replies it cannot use: the JSON engine's errors as `CGMinerError`s, and a reply that is
/// JSON but not an object.
@Suite struct MalformedInputTests {
    private func error(_ bytes: [UInt8]) -> CGMinerError? {
        do {
            _ = try CGMinerDecoder.decode(command: "summary", bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func noBytesIsAnEmptyReplyAndNulOrWhitespaceIsABlankOne() {
        #expect(error([]) == .emptyReply)
        #expect(error([0]) == .blankReply(byteCount: 1))
        #expect(error([0, 0, 0x20, 0x0A]) == .blankReply(byteCount: 4))
        #expect(error([0x20]).map { $0.description.contains("1 byte of NUL or whitespace") } == true)
    }

    @Test func cutReplyIsTruncatedWithItsByteCount() {
        let text = #"{"STATUS":[{"Msg":"Summ"#
        guard case .truncatedReply(let count, let tail)? = error(Array(text.utf8)) else {
            Issue.record("expected truncatedReply")
            return
        }
        #expect(count == text.utf8.count)
        #expect(tail == text)
    }

    @Test func notJSONIsMalformedWithPositionAndReason() {
        guard case .malformedJSON(5, let reason, let excerpt)? = error(Array(#"{"a" 1}"#.utf8)) else {
            Issue.record("expected malformedJSON at 5")
            return
        }
        #expect(reason.contains("':'"))
        #expect(excerpt == #"{"a" 1}"#)
    }

    @Test func bareNumberIsNotAReply() {
        guard case .malformedJSON(_, let reason, _)? = error(Array("42".utf8)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(reason.contains("a number"))
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
