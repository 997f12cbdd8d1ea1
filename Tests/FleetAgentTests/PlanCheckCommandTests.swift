import Foundation
import TestSupport
import Testing

/// `fleet-agent plan check` through the binary: exit 1 with every problem, or exit 0 with one JSON line per device.
@Suite struct PlanCheckCommandTests {
    @Test func anInvalidPlanExitsOneWithEveryProblem() async throws {
        let result = try await AgentBinary.run(["plan", "check", PackagePaths.fixture("plans/bad-plan.yaml").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("8 problems:"))
        #expect(result.stderr.contains("line 11: devices[0].cap_w: 300 W is below floor_w 400 W"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aValidPlanPrintsTheCapsAtThatTime() async throws {
        let result = try await AgentBinary.run([
            "plan", "check", PackagePaths.fixture("plans/demo-plan.yaml").path, "--inventory",
            PackagePaths.fixture("plans/demo-inventory.ndjson").path, "--at", "2026-12-01T12:00:00Z", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.count == 8)
        #expect(lines.filter { $0["class"] as? String == "firm" }.map { $0["cap_w"] as? Double } == [450, 450])
        let table = try await AgentBinary.run([
            "plan", "check", PackagePaths.root.appendingPathComponent("deploy/plan.yaml").path, "--at",
            "2026-12-01T21:00:00Z",
        ])
        #expect(table.status == 0)
        #expect(table.stdout.hasPrefix("budget at 2026-12-01T21:00:00.000Z: 4000 W"))
        let badTime = try await AgentBinary.run(["plan", "check", "deploy/plan.yaml", "--at", "tomorrow"])
        #expect(badTime.status != 0)
        #expect(badTime.stderr.contains("--at: expected an RFC 3339 time"))
    }
}
