import TestSupport
import Testing

@testable import MinerRPC

/// Joined replies: `{"pools":[{full reply}],"summary":[{...}],"stats":[{...}],"id":1}`.
@Suite struct JoinedDecodingTests {
    @Test func avalonJoinedReplyGivesEveryCommand() throws {
        let bytes = try FixtureFiles.bytes("avalon-1047-cgminer", "pools+summary+stats.json")
        let results = CGMinerDecoder.decodeJoined(commands: ["pools", "summary", "stats"], bytes: bytes)
        let summary = try results["summary"]?.get()
        let stats = try results["stats"]?.get()
        let pools = try results["pools"]?.get()
        #expect(summary?.status.code == 11)
        #expect(stats?.section("STATS").first?["MM ID0"]?.stringValue?.contains("Ver[1047") == true)
        #expect(pools?.section("POOLS").isEmpty == false)
        #expect(summary?.command == "summary")
    }

    @Test func oneFailingSubCommandFailsOnlyItself() throws {
        // SYNTHETIC join of two recorded replies and an E section, as cgminer writes it.
        let summary = String(
            decoding: try FixtureFiles.bytes("antminer-s9-bmminer", "issue-cryptoGlance-49.summary.json"), as: UTF8.self
        )
        let denied = String(
            decoding: try FixtureFiles.bytes(
                "antminer-s9-bmminer", "issue-cryptoGlance-49.config.ERROR-access-denied.json"), as: UTF8.self)
        let text = #"{"summary":[\#(summary)],"config":[\#(denied)],"id":1}"#
        let results = CGMinerDecoder.decodeJoined(commands: ["summary", "config", "pools"], bytes: Array(text.utf8))
        #expect((try? results["summary"]?.get())?.status.letter == "S")
        guard case .failure(let error)? = results["config"] else {
            Issue.record("config should fail")
            return
        }
        #expect(error.firmwareCode == 45)
        #expect(results["pools"].flatMap { try? $0.get() } == nil)
        guard case .failure(.missingSection("pools"))? = results["pools"] else {
            Issue.record("pools should be a missing section")
            return
        }
        #expect(!CGMinerDecoder.joined(commands: ["summary", "config"], bytes: Array(text.utf8)).rejected)
    }

    @Test func joinRejectedAsAWholeFailsEveryCommandAndIsMarkedRejected() {
        // SYNTHETIC: cgminer's single E reply to a join it does not accept.
        let bytes = TestMiner.errorReply(code: 14, message: "Invalid command")
        let joined = CGMinerDecoder.joined(commands: ["summary", "stats"], bytes: bytes)
        #expect(joined.rejected)
        for command in ["summary", "stats"] {
            guard case .failure(let error)? = joined.results[command] else {
                Issue.record("\(command) should fail")
                continue
            }
            #expect(error.firmwareCode == 14)
        }
    }

    @Test func truncatedJoinedReplyFailsEveryCommandAsTruncated() throws {
        let bytes = try FixtureFiles.bytes("antminer-d3-cgminer-blissz", "summary+stats+pools.TRUNCATED-excerpt.txt")
        let results = CGMinerDecoder.decodeJoined(commands: ["summary", "stats", "pools"], bytes: bytes)
        for command in ["summary", "stats", "pools"] {
            guard case .failure(.truncatedReply(let count, _)) = results[command] else {
                Issue.record("\(command): expected truncatedReply, got \(String(describing: results[command]))")
                continue
            }
            #expect(count == bytes.count, "\(command)")
        }
    }

    @Test func undecodableJoinedReplyIsRejected() {
        let joined = CGMinerDecoder.joined(commands: ["summary", "stats"], bytes: Array("<html>".utf8))
        #expect(joined.rejected)
    }

    @Test func plainReplyToAJoinIsRejected() throws {
        // A firmware that ignores the join and answers one command has none of the sections.
        let bytes = try FixtureFiles.bytes("antminer-s9-bmminer", "issue-cryptoGlance-49.summary.json")
        let joined = CGMinerDecoder.joined(commands: ["summary", "stats"], bytes: bytes)
        #expect(joined.rejected)
    }

    @Test func sectionWithoutTheArrayWrapperIsAccepted() throws {
        // SYNTHETIC: the shape API-README shows (`"summary":{...}`).
        let text =
            #"{"summary":{"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary"}],"SUMMARY":[{"Elapsed":5}]},"id":1}"#
        let results = CGMinerDecoder.decodeJoined(commands: ["summary"], bytes: Array(text.utf8))
        #expect(try results["summary"]?.get().section("SUMMARY").first?["Elapsed"]?.doubleValue == 5)
    }
}
