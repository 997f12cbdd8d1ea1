import Foundation
import Replay
import TestSupport
import Testing

/// A miner whose controls report what cannot be true, through the binary: the figure is not used as a limit, an
/// original or a maximum, the miner is not written, and the audit and the log say why.
@Suite(.timeLimit(.minutes(2))) struct ControlImpossibleInputTests {
    @Test func aWhatsminerReportingALimitOf1e30WattsIsNotWritten() async throws {
        // SYNTHETIC: the recorded M30S summary with its `Power Limit` made impossible (1e30 W).
        let recorded = try FixtureMiner(folder: PackagePaths.fixture("miners/whatsminer-m30s-btminer").path)
        var replies = recorded.replies
        let summary = try #require(replies["summary"].map { String(decoding: $0, as: UTF8.self) })
        let impossible = summary.replacing(#/"Power Limit":\s*[0-9.]+/#, with: #""Power Limit":1e30"#)
        try #require(impossible != summary)
        replies["summary"] = Array(impossible.utf8)
        let miner = FixtureMiner(
            name: recorded.name, description: "SYNTHETIC: Power Limit 1e30", replies: replies,
            joinedReplies: recorded.joinedReplies, acceptsJoins: recorded.acceptsJoins,
            statusDescription: recorded.statusDescription, controls: recorded.controls)
        let server = try await FixtureMinerServer.start(miners: [miner])
        let address = server.endpoints[0].address.original
        let secrets = try PackagePaths.temporaryDirectory("impossible")
        let credentials = secrets.appendingPathComponent("m30s")
        try "fixture-m30s".write(to: credentials, atomically: true, encoding: .utf8)
        chmod(credentials.path, 0o600)
        let site = try ControlSite(
            gpus: ["rtx-4090"], miners: [address], minerExtras: [address: "credentials_file: \(credentials.path)"],
            plan: "version: 1\nbudget_w: 100000\ndevices:\n  - { kind: asic, class: flexible }\n")
        let agent = try RunningAgent.start(config: site.config)
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        try await eventually("the miner audited as not controlled") {
            let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=100"))
            return actions.contains {
                $0["outcome"] as? String == "unsupported"
                    && ($0["reason"] as? String)?.contains("its power limit cannot be read") == true
            }
        }
        try await eventually("three cycles") { (try await api.health()["cycles"] as? Int ?? 0) >= 3 }
        #expect(agent.log.contains("its controls reported what cannot be true, not used: limit 1e+30"))
        #expect(server.endpoints[0].power.snapshot.writes == 0, "never written")
        let reading = try #require(try await api.devices().first { $0["kind"] as? String == "asic" })
        #expect(reading["power_limit_w"] is NSNull, "the reading screens the figure too")
        #expect(try await agent.stop())
        #expect(try await AuditPeek.entries(config: site.config.path).allSatisfy { !($0.to ?? "").contains("e+") })
        await server.close()
    }
}
