import TestSupport
import Testing

@testable import MinerRPC

/// `read`: joined request first, one connection per command when the firmware rejects the join.
@Suite struct JoinedReadTests {
    /// The whole read's deadline; it starts before the read's tasks are scheduled, so it is generous for a loaded
    /// 2-core machine. The hung-miner test uses its own.
    let client = CGMinerClient(timeout: .seconds(5))

    @Test func joinedReplyIsReadOverOneConnection() async throws {
        let joined = try FixtureFiles.bytes("avalon-1047-cgminer", "pools+summary+stats.json")
        let miner = try await TestMiner.start(.reply(joined))
        let results = await client.read(["summary", "stats", "pools"], from: miner.address)
        #expect(miner.requests == [#"{"command":"summary+stats+pools"}"#])
        #expect((try? results["summary"]?.get())?.status.code == 11)
        #expect((try? results["stats"]?.get()) != nil)
        #expect((try? results["pools"]?.get()) != nil)
        await miner.stop()
    }

    @Test func rejectedJoinFallsBackToOneConnectionPerCommand() async throws {
        let replies = [
            "summary": try FixtureFiles.bytes("whatsminer-m30s-btminer", "summary.json"),
            "pools": try FixtureFiles.bytes("whatsminer-m30s-btminer", "pools.json"),
            "edevs": try FixtureFiles.bytes("whatsminer-m30s-btminer", "edevs.json"),
        ]
        let miner = try await TestMiner.start(.rejectJoins(replies: replies))
        let results = await client.read(["summary", "pools", "edevs"], from: miner.address)
        #expect(miner.requests.count == 4)
        #expect(miner.requests.first == #"{"command":"summary+pools+edevs"}"#)
        #expect(
            Set(miner.requests.dropFirst()) == [
                #"{"command":"summary"}"#, #"{"command":"pools"}"#, #"{"command":"edevs"}"#,
            ])
        #expect((try? results["summary"]?.get())?.section("SUMMARY").first?["Power"]?.doubleValue == 3230)
        #expect((try? results["pools"]?.get()) != nil)
        #expect((try? results["edevs"]?.get()) != nil)
        await miner.stop()
    }

    @Test func unknownCommandInFallbackFailsOnlyThatCommand() async throws {
        let replies = ["summary": try FixtureFiles.bytes("whatsminer-m30s-btminer", "summary.json")]
        let miner = try await TestMiner.start(.rejectJoins(replies: replies))
        let results = await client.read(["summary", "stats"], from: miner.address)
        #expect((try? results["summary"]?.get()) != nil)
        guard case .failure(let error)? = results["stats"] else {
            Issue.record("stats should fail")
            return
        }
        #expect(error.firmwareCode == 14)
        await miner.stop()
    }

    /// A hung miner costs one deadline: the joined request is the only one sent, and every command reports that
    /// deadline. (Counted, not timed: wall time on a loaded 2-core CI machine says little.)
    @Test func hungMinerIsNotRetriedPerCommand() async throws {
        let miner = try await TestMiner.start(.hang)
        let client = CGMinerClient(timeout: .seconds(1))
        let results = await client.read(["summary", "stats", "pools"], from: miner.address)
        #expect(miner.requests == [#"{"command":"summary+stats+pools"}"#])
        #expect(results.count == 3)
        for (command, result) in results {
            guard case .failure(.noReplyWithinDeadline(let deadline, 0)) = result else {
                Issue.record("\(command): expected the 1 s deadline with nothing received, got \(result)")
                continue
            }
            #expect(deadline == .seconds(1))
        }
        await miner.stop()
    }

    @Test func whatsminerGetCommandsAreNeverJoined() async throws {
        let status = try FixtureFiles.bytes("whatsminer-m31s-btminer", "status.sleeping.json")
        let miner = try await TestMiner.start(.reply(status))
        let results = await client.read(["status", "get_version"], from: miner.address)
        #expect(Set(miner.requests) == [#"{"command":"status"}"#, #"{"command":"get_version"}"#])
        #expect((try? results["status"]?.get())?.status.code == 131)
        await miner.stop()
    }
}
