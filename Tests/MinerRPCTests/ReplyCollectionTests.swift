import TestSupport
import Testing

@testable import MinerRPC

/// Replies that come in many reads are handed to the decoder whole and in order, without the NUL.
@Suite struct ReplyCollectionTests {
    let client = CGMinerClient(timeout: .seconds(5), maxReplyBytes: 256 * 1024)

    /// Whatsminer M3's 67 kB `stats` (recorded): more than one socket read.
    static func largeStats() throws -> [UInt8] {
        try FixtureFiles.bytes("whatsminer-m3-cgminer", "stats.json")
    }

    @Test func largeReplyInSeveralReadsDecodesAsItsBytesDo() async throws {
        let bytes = try Self.largeStats()
        let miner = try await TestMiner.start(.reply(bytes, nul: true, close: false))
        let reply = try await client.send("stats", to: miner.address)
        #expect(reply == (try CGMinerDecoder.decode(command: "stats", bytes: bytes)))
        #expect(reply.section("STATS").count == 6)
        await miner.stop()
    }

    @Test func exchangeReturnsTheReplyBytesWithoutTheNul() async throws {
        let bytes = try Self.largeStats()
        let miner = try await TestMiner.start(.reply(bytes, nul: true, close: true))
        let reply = try await client.exchange(CGMinerClient.request("stats"), with: miner.address)
        #expect(reply == bytes)
        await miner.stop()
    }

    @Test func replyDrippedByteByByteIsJoinedInOrder() async throws {
        // SYNTHETIC short reply, one byte per write.
        let text = #"{"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary"}],"SUMMARY":[{"MHS av":13.5}],"id":1}"#
        let miner = try await TestMiner.start(.drip(Array(text.utf8), interval: .milliseconds(1)))
        let reply = try await client.send("summary", to: miner.address)
        #expect(reply.section("SUMMARY").first?["MHS av"]?.doubleValue == 13.5)
        #expect(reply.status.message == "Summary")
        await miner.stop()
    }
}
