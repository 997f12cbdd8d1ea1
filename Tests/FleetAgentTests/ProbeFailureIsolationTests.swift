import Foundation
import Replay
import Testing

/// `probe` over misbehaving miners and good ones: the good ones read `ok`, each bad one says what happened, and the whole
/// probe ends within the deadline plus a margin.
@Suite struct ProbeFailureIsolationTests {
    static let goodFixtures = [
        "antminer-s19pro-bmminer", "antminer-s9-braiins-bosminer-plus", "whatsminer-m30s-btminer", "avalon-a1566-cgminer",
    ]

    @Test func badMinersDoNotDelayOrSpoilGoodOnes() async throws {
        let root = AgentBinary.packageRoot.appendingPathComponent("Fixtures/miners")
        let good = try Self.goodFixtures.map { try FixtureMiner(folder: root.appendingPathComponent($0).path) }
        let goodServer = try await FixtureMinerServer.start(miners: good)
        var bad: [MisbehavingMinerServer] = []
        for behavior in Misbehavior.allCases { bad.append(try await MisbehavingMinerServer.start(behavior)) }
        // Nothing listens on a port that was just closed: connection refused.
        let refused = try await MisbehavingMinerServer.start(.hang)
        await refused.close()
        defer {
            Task {
                await goodServer.close()
                for server in bad { await server.close() }
            }
        }
        let goodAddresses = goodServer.endpoints.map { $0.address.original }
        let badAddresses = bad.map { "127.0.0.1:\($0.port)" } + ["127.0.0.1:\(refused.port)"]
        let deadline = 1.0
        let result = try AgentBinary.run(
            ["probe", "--json", "--no-gpu", "--timeout", "\(deadline)"]
                + (goodAddresses + badAddresses).flatMap { ["--miner", $0] })

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.seconds < deadline + 3.0, "probe took \(result.seconds) s")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.map { $0["address"] as? String } == (goodAddresses + badAddresses))
        for line in lines.prefix(goodAddresses.count) {
            #expect(line["status"] as? String == "ok", "\(line)")
            #expect(line["error"] is NSNull)
        }
        let expectedWords: [String] = [
            "hang": "deadline", "drip": "deadline", "garbage": "", "half-reply": "truncated", "endless": "4194304",
            "reset": "reset", "no-nul": "deadline",
        ].map { _, v in v }
        _ = expectedWords
        for (index, line) in lines.dropFirst(goodAddresses.count).enumerated() {
            let status = line["status"] as? String
            let error = line["error"] as? String ?? ""
            #expect(status == "unreachable" || status == "error", "\(line)")
            #expect(!error.isEmpty, "a bad miner must say what happened: \(line)")
            let behavior = index < bad.count ? bad[index].behavior.rawValue : "refused"
            print("probe: \(behavior) -> \(status ?? "?"): \(error)")
        }
    }
}
