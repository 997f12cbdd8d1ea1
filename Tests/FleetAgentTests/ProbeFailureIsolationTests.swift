import Foundation
import Replay
import TestSupport
import Testing

/// `probe` over misbehaving miners and good ones: the good ones read `ok`, each bad one says what happened, and the whole
/// probe ends within the deadline plus a margin.
@Suite struct ProbeFailureIsolationTests {
    static let goodFixtures = [
        "antminer-s19pro-bmminer", "antminer-s9-braiins-bosminer-plus", "whatsminer-m30s-btminer",
        "avalon-a1566-cgminer",
    ]

    @Test func badMinersDoNotDelayOrSpoilGoodOnes() async throws {
        let root = PackagePaths.fixture("miners")
        let good = try Self.goodFixtures.map { try FixtureMiner(folder: root.appendingPathComponent($0).path) }
        let goodServer = try await FixtureMinerServer.start(miners: good)
        var bad: [MisbehavingMinerServer] = []
        for behavior in Misbehavior.allCases { bad.append(try await MisbehavingMinerServer.start(behavior)) }
        // Nothing listens on this port: connection refused.
        let refused = try RefusingPort()
        let goodAddresses = goodServer.endpoints.map { $0.address.original }
        let badAddresses = bad.map { "127.0.0.1:\($0.port)" } + ["127.0.0.1:\(refused.port)"]
        let deadline = 2.0
        let result: AgentBinary.Result
        do {
            result = try await AgentBinary.run(
                ["probe", "--json", "--no-gpu", "--timeout", "\(deadline)"]
                    + (goodAddresses + badAddresses).flatMap { ["--miner", $0] })
        } catch {
            await goodServer.close()
            for server in bad { await server.close() }
            throw error
        }
        await goodServer.close()
        for server in bad { await server.close() }
        withExtendedLifetime(refused) {}

        #expect(result.status == 0, "\(result.stderr)")
        // One deadline plus the binary's start-up (1.04 s for a 1 s deadline here); a bad miner asked again after
        // a read that got nothing would cost a second deadline.
        #expect(result.seconds < 2 * deadline, "probe took \(result.seconds) s")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.map { $0["address"] as? String } == (goodAddresses + badAddresses))
        for line in lines.prefix(goodAddresses.count) {
            #expect(line["status"] as? String == "ok", "\(line)")
            #expect(line["error"] is NSNull)
        }
        // What each misbehaviour must be reported as, and a phrase its error must contain.
        let expected: [String: (status: String, phrase: String)] = [
            "hang": ("unreachable", "no reply within 2 s"),
            "drip": ("error", "not finished within 2 s"),
            "garbage": ("error", "malformed JSON"),
            "half-reply": ("error", "truncated reply"),
            "endless": ("error", "exceeded 4194304 bytes"),
            "reset": ("unreachable", "connection reset"),
            "no-nul": ("error", "not finished within 2 s"),
            "refused": ("unreachable", "connection refused"),
        ]
        for (index, line) in lines.dropFirst(goodAddresses.count).enumerated() {
            let behavior = index < bad.count ? bad[index].behavior.rawValue : "refused"
            let want = try #require(expected[behavior])
            #expect(line["status"] as? String == want.status, "\(behavior): \(line)")
            let error = line["error"] as? String ?? ""
            #expect(error.contains(want.phrase), "\(behavior): \(error)")
        }
    }
}
