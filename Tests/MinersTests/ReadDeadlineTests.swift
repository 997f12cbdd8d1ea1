import FleetCore
import Foundation
import MinerRPC
import Replay
import Testing

@testable import Miners

/// The whole read of one miner ends by its deadline, however many rounds it needs; a miner that refuses joins is
/// remembered.
@Suite struct ReadDeadlineTests {
    static func slowMinerRefusingJoins(delay: Duration) async throws -> FixtureMinerServer {
        let whatsminer = try FixtureMiner(
            folder: FixtureMinerReplies.minersRoot.appendingPathComponent("whatsminer-m30s-btminer").path)
        return try await FixtureMinerServer.start(miners: [whatsminer.refusingJoins()], replyDelay: delay)
    }

    /// Each reply takes 2 s and joins are refused: a read needs three rounds (refused join, each base command, the
    /// family's `edevs`, `devdetails`, `status`), 6 s of the miner's time. With a 3 s deadline the join takes 2 s,
    /// the base commands are cut at the remaining 1 s, and no third round is asked. (Counted, not timed: the deadline
    /// charges the miner's time, and wall time on a loaded machine also holds the agent's own.)
    @Test func slowMinerRefusingJoinsEndsAtTheDeadlineNamingWhatWasNotRead() async throws {
        let server = try await Self.slowMinerRefusingJoins(delay: .seconds(2))
        let address = server.endpoints[0].address
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(3)), host: "test-host")
        let reading = await reader.read(address)
        let asked = server.requestCounts
        await server.close()
        #expect(reading.status == .error)
        #expect(
            reading.error?.hasPrefix("the miner refused the joined request, then: ") == true, "\(reading.error ?? "")")
        #expect(reading.error?.contains("3 s") == true, "the deadline is named: \(reading.error ?? "")")
        #expect(asked.keys.contains { $0.contains("+") }, "the join was asked")
        #expect((asked["summary"] ?? 0) <= 1, "each base command at most once on its own")
        #expect(asked["edevs"] == nil && asked["devdetails"] == nil, "no round past the deadline: \(asked)")
    }

    @Test func aRefusedJoinIsNotAskedAgain() async throws {
        let server = try await Self.slowMinerRefusingJoins(delay: .zero)
        let address = server.endpoints[0].address
        let reader = MinerReader(client: CGMinerClient(timeout: .seconds(5)), host: "test-host")
        let first = await reader.read(address)
        let afterFirst = server.requestCounts
        let second = await reader.read(address)
        let afterSecond = server.requestCounts
        await server.close()
        #expect(first.status == .ok && second.status == .ok)
        #expect(afterFirst.keys.contains { $0.contains("+") }, "the first read tried the join")
        let joinedAgain = afterSecond.filter { $0.key.contains("+") && $0.value != afterFirst[$0.key] }
        #expect(joinedAgain.isEmpty, "\(joinedAgain)")
        #expect(afterSecond["summary"] == 2, "each read asked summary on its own connection")
    }

    @Test func accessDeniedForEveryCommandSaysSo() {
        var results: CGMinerResults = [:]
        for command in ["version", "summary", "stats", "pools"] {
            results[command] = .failure(
                .firmwareStatus(
                    command: command, letter: "E", code: 45, message: "Access denied to '\(command)' command"))
        }
        var reading = FixtureMinerReplies.blankReading()
        MinerFamilies.normalize(MinerReplies(results), into: &reading)
        #expect(reading.status == .error)
        #expect(
            reading.error?.hasPrefix("access denied: the miner's API refuses this agent every read command") == true)
        #expect(reading.error?.contains("firmware not recognised") == false)
    }
}
