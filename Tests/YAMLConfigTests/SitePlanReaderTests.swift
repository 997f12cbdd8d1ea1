import FleetCore
import Foundation
import TestSupport
import Testing
import YAMLConfig

/// Site plans from YAML: DESIGN's format reads; every problem is named with its key path and line, all at once.
@Suite struct SitePlanReaderTests {
    static func problems(_ text: String, inventory: DeviceInventory? = nil) -> [String] {
        do {
            _ = try SitePlan.parse(text, file: "plan.yaml", inventory: inventory)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// The example plan that ships with the package.
    @Test func theDeployedExamplePlanValidates() throws {
        let path = PackagePaths.root.appendingPathComponent("deploy/plan.yaml").path
        let plan = try SitePlan.load(path: path)
        #expect(plan.version == 1)
        #expect(plan.site == "tx-01")
        #expect(plan.host == "gpu-07")
        #expect(plan.budgetW == 12_000)
        #expect(plan.budgetW(at: Timestamp(rfc3339: "2026-12-01T21:00:00Z")!) == 4000)
        #expect(plan.circuits == [Circuit(name: "pdu-a", breakerA: 30, volts: 208, devices: [DeviceGlob("asic:*")])])
        #expect(
            plan.devices == [
                DeviceRule(match: DeviceGlob("gpu:*"), loadClass: .firm, capW: 600, floorW: 400, tenant: "ai-lab"),
                DeviceRule(match: DeviceGlob("asic:*"), loadClass: .flexible, capW: 3300, priority: 1),
            ])
    }

    @Test func designsExampleReads() throws {
        let plan = try SitePlan.parse(
            """
            version: 1
            site: tx-01
            host: gpu-07
            budget_w: 12000
            schedule:
              - { start: 2026-12-01T20:00:00Z, end: 2026-12-02T00:00:00+02:00, budget_w: 4000 }
            circuits:
              - { name: pdu-a, breaker_a: 30, volts: 208, devices: ["asic:*"] }
            devices:
              - { match: "gpu:*",  class: firm,     cap_w: 600, floor_w: 400 }
              - { kind: asic, model: "Antminer S19*", class: flexible, cap_w: 3300, priority: 2, tenant: t1 }
            """, file: "plan.yaml")
        #expect(plan.schedule[0].end == Timestamp(rfc3339: "2026-12-01T22:00:00Z"))
        #expect(plan.devices[1].kind == .asic)
        #expect(plan.devices[1].model == DeviceGlob("Antminer S19*"))
        #expect(plan.devices[1].tenant == "t1")
    }

    /// `Fixtures/plans/bad-plan.yaml`: one of each problem, all listed in the file's order with their lines.
    @Test func everyProblemIsListedWithItsPathAndLine() throws {
        let path = PackagePaths.fixture("plans/bad-plan.yaml").path
        #expect(throws: ConfigError.self) { try SitePlan.load(path: path) }
        do {
            _ = try SitePlan.load(path: path)
        } catch {
            #expect(error.file == path)
            #expect(
                error.problems.map(\.description) == [
                    "line 2: budget_w: must be a number of watts from 0 to 1,000,000,000",
                    "line 3: colour: unknown key (known here: budget_w, circuits, devices, host, schedule, site, version)",
                    "line 6: schedule[1]: overlaps schedule[0] (2026-12-01T20:00:00.000Z to 2026-12-01T22:00:00.000Z)",
                    "line 8: circuits[0].breaker_a: expected a number",
                    "line 9: circuits[1].devices: no devices: list at least one pattern",
                    "line 11: devices[0].cap_w: 300 W is below floor_w 400 W",
                    "line 12: devices[1].class: unknown class bendy: firm or flexible",
                    "line 13: devices[2].cap_w: expected a number",
                ])
        }
    }

    @Test func wrongTypesAndUnknownKeysInsideItemsAreNamed() {
        #expect(
            Self.problems(
                """
                version: one
                budget_w: 100
                schedule:
                  - { start: yesterday, end: 2026-12-01T22:00:00Z, budget_w: 4000, until: 5 }
                circuits: { name: a }
                devices:
                  - { match: "asic:*", class: flexible, priority: first, floor_w: "20" }
                  - { class: firm, cap_w: 500 }
                  - nonsense
                """)
                == [
                    "line 1: version: expected a whole number",
                    "line 4: schedule[0].start: expected an RFC 3339 time with Z or an offset (2026-12-01T20:00:00Z)",
                    "line 4: schedule[0].until: unknown key (known here: budget_w, end, start)",
                    "line 5: circuits: expected a list",
                    "line 7: devices[0].floor_w: expected a number",
                    "line 7: devices[0].priority: expected a whole number",
                    "line 8: devices[1]: needs match, kind or model to say which devices it covers",
                    "line 9: devices[2]: expected a mapping of keys",
                ])
    }

    @Test func badYAMLAndEmptyFilesAreRefused() {
        #expect(Self.problems("budget_w: [1, 2")[0].hasPrefix("the document: not YAML: "))
        #expect(Self.problems("") == ["the document: empty file: at least `budget_w` is needed"])
        #expect(Self.problems("- 1\n- 2") == ["line 1: the document: expected a mapping of keys"])
        #expect(Self.problems("version: 1") == ["line 1: budget_w: required: the host's watts"])
    }

    @Test func aCircuitOverItsRatingAtTheFloorsIsFoundAgainstTheInventory() {
        let gpus = (1...4).map { n in
            InventoryDevice(
                id: .gpu(uuid: "GPU-\(n)"),
                capability: DeviceCapability(
                    control: .continuous(minW: 100, maxW: 700), canSleep: false, family: "nvml"))
        }
        let text = """
            version: 1
            budget_w: 10000
            circuits:
              - { name: gpu-pdu, breaker_a: 15, volts: 120, devices: ["gpu:*"] }
            devices:
              - { kind: gpu, class: firm, floor_w: 400 }
            """
        #expect(Self.problems(text).isEmpty)
        #expect(
            Self.problems(text, inventory: DeviceInventory(gpus)) == [
                "line 4: circuits[0]: over its continuous limit at the floors: 1600 W of firm floors, minimums and "
                    + "uncontrolled draw, limit 1440 W (80 % of 15.0 A × 120 V)"
            ])
    }
}
