import Foundation
import Replay
import TestSupport
import Testing

/// The whole control loop through the binary on fixtures: two FakeNVML GPUs (firm) and fixture miners of four
/// families (Whatsminer API v2, LuxOS, Avalon, stock Antminer S19 over its web interface) that obey their controls.
/// A schedule window drops the budget: within a few cycles the readings sum to at most the new budget, the GPUs hold,
/// the miners are limited or slept, every write is verified in the audit, and every miner keeps its pools. When the
/// window ends everything comes back, the GPUs at their original limits, also after a SIGKILL and a restart.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ControlEndToEndTests {
    static let fixtures = [
        "luxos-luxminer", "whatsminer-m30s-btminer", "avalon-a1566-cgminer", "antminer-s19-bmminer",
    ]
    static let gpus = ["h100-sxm5-80gb-load", "rtx-4090"]
    static let windowBudget = 6500.0

    /// The miners served with their web interfaces, and a site whose plan drops the budget from `start` to `end`.
    struct Host {
        let server: FixtureMinerServer
        let web: FixtureWebServer
        let site: ControlSite

        func close() async {
            await web.close()
            await server.close()
        }
    }

    static func host(dropAt start: Date, until end: Date, to budget: Double = windowBudget) async throws -> Host {
        let server = try await FixtureMinerServer.start(
            miners: fixtures.map { try FixtureMiner(folder: PackagePaths.fixture("miners/\($0)").path) })
        let web = try await FixtureWebServer.start(for: server, fixtures: PackagePaths.fixture("miners").path)
        let folder = try PackagePaths.temporaryDirectory("control-e2e-secrets")
        func secret(_ name: String, _ text: String) throws -> String {
            let file = folder.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            chmod(file.path, 0o600)
            return file.path
        }
        let addresses = server.endpoints.map(\.address.original)
        let s19 = server.endpoints[3].address
        let extras = [
            addresses[1]: "credentials_file: \(try secret("m30s", "fixture-m30s"))",
            addresses[3]:
                "credentials_file: \(try secret("s19", "root:root")), web: \(web.webAddress(of: s19)!.original)",
        ]
        let iso = ISO8601DateFormatter()
        let plan = """
            version: 1
            budget_w: 20000
            schedule:
              - { start: \(iso.string(from: start)), end: \(iso.string(from: end)), budget_w: \(Int(budget)) }
            devices:
              - { kind: gpu, class: firm, floor_w: 200, tenant: ai-lab }
              - { model: "A model", class: flexible, priority: 1 }
              - { match: "asic:c6:*", class: flexible, priority: 2 }
              - { kind: asic, class: flexible, priority: 3 }
            """
        let site = try ControlSite(gpus: gpus, miners: addresses, minerExtras: extras, plan: plan)
        return Host(server: server, web: web, site: site)
    }

    /// The latest reading's power of every device, summed.
    static func measured(_ api: AgentAPI) async throws -> Double {
        try await api.devices().reduce(0) { $0 + (($1["power_w"] as? NSNumber)?.doubleValue ?? 0) }
    }

    @Test func aBudgetDropCurtailsTheMinersAndHoldsTheGPUsThenEverythingComesBack() async throws {
        let start = Date().addingTimeInterval(8)
        let host = try await Self.host(dropAt: start, until: start.addingTimeInterval(10))
        let pools = host.server.endpoints.map { $0.power.snapshot.settings }
        let agent = try RunningAgent.start(config: host.site.config)
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        try await eventually("five devices read") { try await api.devices().count == 6 }
        let gpuLimits = try host.site.gpuLimits()
        #expect(gpuLimits == [700, 450])

        // The window: within a few cycles the host is under the new budget.
        try await eventually("the readings at or under \(Self.windowBudget) W", within: .seconds(20)) {
            guard Date() > start else { return false }
            return try await Self.measured(api) <= Self.windowBudget
        }
        try await eventually("the miners curtailed") {
            let states = host.server.endpoints.map { $0.power.snapshot }
            // LuxOS first by priority at its own profile, the Whatsminer limited, the Avalon and the S19 asleep.
            return states[0].step == nil && !states[0].asleep && (states[1].limitW ?? 9999) < 3600
                && states[2].asleep && states[3].asleep
        }
        #expect(try host.site.gpuLimits() == gpuLimits, "firm GPUs hold their limits")

        // After the window: everything back.
        try await eventually(
            "everything back (\(host.server.endpoints.map { $0.power.snapshot }), agent log:\n\(agent.log))",
            within: .seconds(30)
        ) {
            let states = host.server.endpoints.map { $0.power.snapshot }
            return Date() > start.addingTimeInterval(10) && states.allSatisfy { !$0.asleep }
                && (states[1].limitW ?? 3600) == 3600 && states[2].step.map { $0 == "level 1" } ?? true
        }
        #expect(try host.site.gpuLimits() == gpuLimits)
        #expect(
            host.server.endpoints.map { $0.power.snapshot.settings }.enumerated().allSatisfy { index, now in
                index == 3 || now == pools[index]
            }, "the RPC miners' pools are as recorded")

        let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=1000"))
        let writes = actions.filter {
            ["set_limit", "set_step", "sleep", "wake", "restore"].contains($0["action"] as? String)
        }
        #expect(!writes.isEmpty)
        #expect(writes.allSatisfy { $0["outcome"] as? String == "verified" }, "\(writes)")
        #expect(writes.allSatisfy { ($0["plan_version"] as? String)?.hasPrefix("sha256:") == true })
        for device in ["sleep", "wake"] {
            #expect(writes.contains { $0["action"] as? String == device }, "a \(device) in the audit")
        }
        #expect(try await agent.stop())
        await host.close()
    }

    @Test func afterASIGKILLInTheWindowTheNextStartBringsEverythingBackToItsOriginal() async throws {
        let start = Date().addingTimeInterval(6)
        let end = start.addingTimeInterval(8)
        // 1,000 W: the firm GPUs lowered together (600 W and 400 W), every miner asleep.
        let host = try await Self.host(dropAt: start, until: end, to: 1000)
        let first = try RunningAgent.start(config: host.site.config)
        defer { first.kill() }
        try await eventually("the GPUs lowered and the miners asleep", within: .seconds(30)) {
            try host.site.gpuLimits() == [600, 400] && host.server.endpoints.allSatisfy { $0.power.snapshot.asleep }
        }
        first.kill()
        for _ in 0..<100 where first.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(until: .now + .seconds(max(0, end.timeIntervalSinceNow) + 0.5))
        #expect(try host.site.gpuLimits() == [600, 400], "the driver keeps what the dead agent set")

        let second = try RunningAgent.start(config: host.site.config)
        defer { second.kill() }
        try await eventually("everything back after the restart", within: .seconds(30)) {
            try host.site.gpuLimits() == [700, 450] && host.server.endpoints.allSatisfy { !$0.power.snapshot.asleep }
        }
        let api = AgentAPI(port: try await second.apiPort())
        try await eventually("no original left to restore") {
            let actions = try AgentBinary.jsonLines(try await api.text("/v1/actions?limit=1000"))
            return actions.filter { $0["action"] as? String == "wake" }.count == 4
        }
        #expect(try await second.stop())
        await host.close()
    }
}
