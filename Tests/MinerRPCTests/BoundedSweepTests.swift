import Foundation
import TestSupport
import Testing

@testable import MinerRPC

@Suite struct BoundedSweepTests {
    /// Counts jobs in flight and remembers the most seen at once.
    actor Gauge {
        var now = 0
        var most = 0
        func enter() {
            now += 1
            most = max(most, now)
        }
        func leave() { now -= 1 }
    }

    @Test func neverRunsMoreThanTheLimitAndKeepsInputOrder() async {
        let gauge = Gauge()
        let outputs = await BoundedSweep.run(Array(0..<200), maxConcurrent: 7) { n in
            await gauge.enter()
            try? await Task.sleep(for: .milliseconds(n % 3))
            await gauge.leave()
            return n * 2
        }
        #expect(outputs == (0..<200).map { $0 * 2 })
        #expect(await gauge.most <= 7)
        #expect(await gauge.most >= 2)
    }

    @Test func emptyInputGivesEmptyOutput() async {
        let outputs = await BoundedSweep.run([Int](), maxConcurrent: 4) { $0 }
        #expect(outputs.isEmpty)
    }

    @Test func readManyReadsEveryMinerOnce() async throws {
        let joined = try FixtureFiles.bytes("avalon-1047-cgminer", "pools+summary+stats.json")
        var miners: [TestMiner] = []
        for _ in 0..<5 { miners.append(try await TestMiner.start(.reply(joined))) }
        let client = CGMinerClient(timeout: .seconds(5))
        let addresses = miners.map(\.address) + [miners[0].address]
        let results = await client.readMany(["summary", "stats", "pools"], from: addresses, maxConcurrent: 2)
        #expect(results.count == 5)
        #expect(results.values.allSatisfy { $0.count == 3 && $0.values.allSatisfy { (try? $0.get()) != nil } })
        #expect(miners.map(\.requests.count) == [1, 1, 1, 1, 1])
        for miner in miners { await miner.stop() }
    }

    @Test func readsInFlightStayBelowTheOpenFileLimit() {
        let limits = FileDescriptorLimit.Limits(soft: 1024, hard: 1024)
        // (1024 - 64 reserved) / 8 sockets per read
        #expect(FileDescriptorLimit.readsInFlight(upTo: 1024, socketsPerRead: 8, limits: limits) == 120)
        #expect(FileDescriptorLimit.readsInFlight(upTo: 64, socketsPerRead: 8, limits: limits) == 64)
        #expect(
            FileDescriptorLimit.readsInFlight(upTo: 1024, socketsPerRead: 8, limits: .init(soft: 70, hard: 70)) == 1)
        #expect(FileDescriptorLimit.readsInFlight(upTo: 300, socketsPerRead: 3, limits: nil) == 300)
    }

    @Test func softFileLimitIsRaisedToTheHardLimit() throws {
        let after = try #require(FileDescriptorLimit.raiseToHardLimit())
        #expect(after.soft == min(after.hard, 1 << 20))
    }
}
