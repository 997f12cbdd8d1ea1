import FleetCore
import Testing

/// The plan's own checks, device globs, and the control capabilities read from the demo site's readings.
@Suite struct SitePlanTests {
    @Test func globsMatchWholeIdsWithoutRegardToCase() {
        #expect(DeviceGlob("asic:*").matches("asic:c6:02:14:00:1f:b3"))
        #expect(!DeviceGlob("asic:*").matches("gpu:GPU-1"))
        #expect(DeviceGlob("Antminer S19*").matches("antminer s19 pro"))
        #expect(DeviceGlob("gpu:GPU-?").matches("gpu:GPU-1"))
        #expect(!DeviceGlob("gpu:GPU-?").matches("gpu:GPU-12"))
        #expect(DeviceGlob("*a*b*c").matches("xxaxxbxxc"))
        #expect(!DeviceGlob("*a*b*c").matches("xxaxxbxxcx"))
        #expect(DeviceGlob(String(repeating: "*a", count: 30)).matches(String(repeating: "a", count: 29)) == false)
    }

    @Test func everyProblemOfAPlanIsListedWithItsPath() {
        let t = { (text: String) in Timestamp(rfc3339: text)! }
        let plan = SitePlan(
            version: 2, budgetW: -1,
            schedule: [
                BudgetWindow(start: t("2026-12-01T20:00:00Z"), end: t("2026-12-01T22:00:00Z"), budgetW: 4000),
                BudgetWindow(start: t("2026-12-01T21:00:00Z"), end: t("2026-12-01T21:30:00Z"), budgetW: -3),
                BudgetWindow(start: t("2026-12-02T21:00:00Z"), end: t("2026-12-02T20:00:00Z"), budgetW: 1),
            ],
            circuits: [Circuit(name: "a", breakerA: 0, volts: 208, devices: [])],
            devices: [
                DeviceRule(loadClass: .firm, capW: 300, floorW: 400, priority: 1),
                DeviceRule(kind: .asic, loadClass: .flexible, priority: 0),
            ])
        let problems = plan.problems().map { "\($0.path): \($0.reason)" }
        #expect(
            problems == [
                "version: only version 1 exists",
                "budget_w: must be a number of watts from 0 to 1,000,000,000",
                "schedule[1].budget_w: must be a number of watts from 0 to 1,000,000,000",
                "schedule[1]: overlaps schedule[0] (2026-12-01T20:00:00.000Z to 2026-12-01T22:00:00.000Z)",
                "schedule[2].end: must be after start",
                "circuits[0].breaker_a: must be more than 0 A and at most 10,000 A",
                "circuits[0].devices: no devices: list at least one pattern",
                "devices[0]: needs match, kind or model to say which devices it covers",
                "devices[0].cap_w: 300 W is below floor_w 400 W",
                "devices[0].priority: orders flexible devices only; firm devices are served together",
                "devices[1].priority: must be 1 or more",
            ])
    }

    @Test func aCircuitOverItsLimitAtTheFloorsIsAProblemOnceTheDevicesAreKnown() {
        let devices = (1...3).map { AllocationExampleTests.gpu($0) }
        let plan = SitePlan(
            budgetW: 10_000,
            circuits: [
                Circuit(name: "pdu-a", breakerA: 15, volts: 120, devices: [DeviceGlob("gpu:*")]),
                Circuit(name: "pdu-b", breakerA: 15, volts: 120, devices: [DeviceGlob("asic:*")]),
            ],
            devices: [DeviceRule(kind: .gpu, loadClass: .firm, floorW: 500)])
        #expect(plan.problems().isEmpty)
        let problems = plan.problems(inventory: DeviceInventory(devices))
        #expect(problems.map(\.path) == ["circuits[0]", "circuits[1].devices"])
        #expect(problems[0].reason.hasPrefix("over its continuous limit at the floors: 1500 W"))
        #expect(problems[0].reason.contains("limit 1440 W (80 % of 15.0 A × 120 V)"))
    }

    /// The demo site's readings (`Fixtures/plans/demo-inventory.ndjson`): each family's control as ASIC-APIS.md's
    /// power-capping table has it, as far as a reading shows.
    @Test func capabilitiesFollowTheFamilies() {
        func reading(_ firmware: String?, vendor: String?, model: String?, kind: DeviceKind = .asic) -> Reading {
            var r = Reading(
                time: Timestamp(millisecondsSinceEpoch: 0), host: "h", device: .asic(endpoint: "x"), kind: kind,
                address: "x")
            (r.firmware, r.vendor, r.model, r.powerLimitW) = (firmware, vendor, model, 3515)
            return r
        }
        let cases: [(Reading, String, Bool)] = [
            (reading("NVIDIA driver 535", vendor: "NVIDIA", model: "H100", kind: .gpu), "nvml", false),
            (reading("btminer 20200512.13.REL", vendor: "MicroBT", model: nil), "btminer", true),
            (reading("BOSminer+ 0.2.0", vendor: "Bitmain", model: nil), "bosminer", true),
            (reading("LUXminer 2024.1", vendor: "Bitmain", model: "Antminer S19"), "luxos", true),
            (reading("cgminer 4.11.1", vendor: "Canaan", model: "AvalonMiner 15-194"), "avalon", true),
            (reading("bmminer 1.0.0", vendor: "Bitmain", model: "Antminer S19 Pro"), "bitmain", true),
            (reading("bmminer 2.0.0", vendor: "Bitmain", model: "Antminer S9"), "bitmain", false),
            (reading("cgminer 4.9", vendor: nil, model: nil), "generic", false),
        ]
        for (r, family, canSleep) in cases {
            let capability = ControlPaths.capability(of: r)
            #expect(capability.family == family)
            #expect(capability.canSleep == canSleep, "\(family)")
        }
        #expect(
            ControlPaths.capability(of: cases[4].0).control
                == .steps([PowerStep(name: "work level in force", watts: 3515)]))
        guard case .none(let why) = ControlPaths.capability(of: cases[6].0).control else {
            Issue.record("a stock S9 has no control path")
            return
        }
        #expect(why == "stock Bitmain firmware on Antminer S9 has no control")
    }

    @Test func theInventoryKeepsEachDevicesLatestReading() {
        var old = Reading(
            time: Timestamp(millisecondsSinceEpoch: 1), host: "h", device: .gpu(uuid: "GPU-1"), kind: .gpu,
            address: "0000:17:00.0")
        old.powerW = 100
        var new = old
        new.time = Timestamp(millisecondsSinceEpoch: 2)
        new.powerW = 250
        let inventory = DeviceInventory(readings: [new, old])
        #expect(inventory.devices.count == 1)
        #expect(inventory.devices[0].drawW == 250)
    }

    @Test func wattsNoHostOrDeviceCanHaveAreProblems() {
        let plan = SitePlan(
            budgetW: 1e308,
            circuits: [Circuit(name: "a", breakerA: 1e200, volts: 1e200, devices: [DeviceGlob("asic:*")])],
            devices: [
                DeviceRule(kind: .gpu, loadClass: .firm, capW: 5000),
                DeviceRule(kind: .asic, loadClass: .flexible, floorW: 1e12),
            ])
        let paths = plan.problems().map(\.path)
        #expect(
            paths == [
                "budget_w", "circuits[0].breaker_a", "circuits[0].volts", "devices[0].cap_w", "devices[1].floor_w",
            ])
    }
}
