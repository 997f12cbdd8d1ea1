import Foundation
import TestSupport
import Testing

/// The control step in `fleet-agent run`, through the binary, on FakeNVML GPUs: a plan sent to the API lowers the
/// firm GPUs together and the audit shows each write verified; a bad plan (API or SIGHUP) changes nothing; a clean
/// stop restores the originals, and so does the next start after a SIGKILL once the plan no longer caps them.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ControlRunTests {
    @Test func aPlanPutThroughTheAPICapsTheGPUsAndAStopRestoresThem() async throws {
        let site = try ControlSite(gpus: ["a100-sxm4-80gb-node"], plan: ControlSite.gpuPlan(budget: 100_000))
        let agent = try RunningAgent.start(config: site.config)
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        try await eventually("a cycle ran") { (try await api.health()["cycles"] as? Int ?? 0) >= 1 }
        #expect(try site.gpuLimits().allSatisfy { $0 == 400 })

        let (status, body) = try await ControlSite.putPlan(ControlSite.gpuPlan(budget: 2000), port: api.port)
        #expect(status == 200, "\(body)")
        try await eventually("the GPUs capped at 250 W") { try site.gpuLimits().allSatisfy { $0 == 250 } }
        #expect(try String(contentsOf: site.plan, encoding: .utf8) == ControlSite.gpuPlan(budget: 2000))
        let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=100"))
        let limits = actions.filter { $0["action"] as? String == "set_limit" }
        #expect(limits.count == 8)
        #expect(limits.allSatisfy { $0["outcome"] as? String == "verified" && $0["verified"] as? String == "250 W" })
        #expect(
            actions.contains { $0["action"] as? String == "plan" && ($0["reason"] as? String)?.contains("PUT") == true }
        )
        // Readings carry the plan's tenant.
        try await eventually("GPU readings tagged ai-lab") {
            try await api.devices().contains { $0["kind"] as? String == "gpu" && $0["tenant"] as? String == "ai-lab" }
        }
        let metrics = try await api.metrics()
        #expect(metrics.samples("fleet_plan_budget_watts").map(\.value) == [2000])

        #expect(try await agent.stop())
        #expect(try site.gpuLimits().allSatisfy { $0 == 400 }, "a clean stop restores the originals")
        #expect(try await AuditPeek.entries(config: site.config.path).filter { $0.action == "restore" }.count == 8)
    }

    @Test func aBadPlanThroughTheAPIOrSIGHUPChangesNothing() async throws {
        let site = try ControlSite(gpus: ["a100-sxm4-80gb-node"], plan: ControlSite.gpuPlan(budget: 2000))
        let agent = try RunningAgent.start(config: site.config)
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        try await eventually("the GPUs capped at 250 W") { try site.gpuLimits().allSatisfy { $0 == 250 } }
        let version = try await RunCommandTests.get("http://127.0.0.1:\(api.port)/v1/plan")
        #expect(version == ControlSite.gpuPlan(budget: 2000))

        let (status, body) = try await ControlSite.putPlan(
            "version: 1\nbudget_w: -5\nbudget: 3\ndevices:\n  - { kind: gpu, class: solid }\n", port: api.port)
        #expect(status == 422)
        #expect(body.contains("budget_w") && body.contains("budget") && body.contains("class"), "\(body)")
        let (refused, _) = try await ControlSite.putPlan(
            ControlSite.gpuPlan(budget: 900), port: api.port, token: "nope-nope-nope-nope")
        #expect(refused == 401)

        try "version: 1\nbudget_w: [oops\n".write(to: site.plan, atomically: true, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        try await eventually("the SIGHUP's rejection logged") { agent.log.contains("plan rejected (SIGHUP)") }
        #expect(
            try await RunCommandTests.get("http://127.0.0.1:\(api.port)/v1/plan") == ControlSite.gpuPlan(budget: 2000))
        try await Task.sleep(for: .seconds(2))
        #expect(try site.gpuLimits().allSatisfy { $0 == 250 }, "the last good plan stays in force")
        #expect(agent.process.isRunning)

        try ControlSite.gpuPlan(budget: 1600).write(to: site.plan, atomically: true, encoding: .utf8)
        kill(agent.process.processIdentifier, SIGHUP)
        try await eventually("the re-read plan in force") { try site.gpuLimits().allSatisfy { $0 == 200 } }
        #expect(try await agent.stop())
    }

    @Test func afterASIGKILLTheNextStartRestoresWhatThePlanNoLongerCaps() async throws {
        let site = try ControlSite(gpus: ["a100-sxm4-80gb-node"], plan: ControlSite.gpuPlan(budget: 1200))
        let first = try RunningAgent.start(config: site.config)
        defer { first.kill() }
        try await eventually("the GPUs capped at 150 W") { try site.gpuLimits().allSatisfy { $0 == 150 } }
        first.kill()
        for _ in 0..<100 where first.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try site.gpuLimits().allSatisfy { $0 == 150 }, "the driver keeps the caps of an agent that died")

        try "version: 1\nbudget_w: 1200\ndevices:\n  - { kind: asic, class: flexible }\n".write(
            to: site.plan, atomically: true, encoding: .utf8)
        let second = try RunningAgent.start(config: site.config)
        defer { second.kill() }
        try await eventually("the originals restored") { try site.gpuLimits().allSatisfy { $0 == 400 } }
        try await eventually("eight verified restores in the audit") {
            let restores = try await AuditPeek.entries(config: site.config.path).filter { $0.action == "restore" }
            return restores.count == 8 && restores.allSatisfy { $0.to == "400 W" && $0.outcome == "verified" }
        }
        #expect(try await second.stop())
    }

    @Test func dryRunAuditsAndLogsTheDecisionsAndWritesNothing() async throws {
        let site = try ControlSite(gpus: ["a100-sxm4-80gb-node"], plan: ControlSite.gpuPlan(budget: 2000))
        let agent = try RunningAgent.start(config: site.config, arguments: ["--dry-run"])
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        try await eventually("eight dry-run decisions in the audit") {
            let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=100"))
            return actions.filter { $0["outcome"] as? String == "dry_run" && $0["to"] as? String == "250 W" }.count == 8
        }
        try await eventually("three cycles") { (try await api.health()["cycles"] as? Int ?? 0) >= 3 }
        #expect(agent.log.contains("dry-run: gpu:GPU-") && agent.log.contains("would go from 400 W to 250 W"))
        #expect(try site.gpuLimits().allSatisfy { $0 == 400 })
        let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=100"))
        #expect(actions.filter { $0["outcome"] as? String == "dry_run" }.count == 8, "each decision audited once")
        #expect(try await agent.stop())
        #expect(try site.gpuLimits().allSatisfy { $0 == 400 })
    }
}
