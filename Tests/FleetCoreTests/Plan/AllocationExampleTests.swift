import FleetCore
import Testing

/// Allocation on small hand-made sites whose answers can be worked out by hand.
@Suite struct AllocationExampleTests {
    static let noon = Timestamp(rfc3339: "2026-12-01T12:00:00Z")!

    static func gpu(_ n: Int, min: Double? = 100, max: Double? = 700) -> InventoryDevice {
        InventoryDevice(
            id: .gpu(uuid: "GPU-\(n)"), model: "H100",
            capability: DeviceCapability(control: .continuous(minW: min, maxW: max), canSleep: false, family: "nvml"))
    }

    static func miner(_ key: String, _ control: PowerControl, draw: Double? = nil) -> InventoryDevice {
        InventoryDevice(
            id: .asic(endpoint: key), model: "S21",
            capability: DeviceCapability(control: control, canSleep: true, family: "test"), drawW: draw)
    }

    static func allocate(_ plan: SitePlan, _ devices: [InventoryDevice]) -> Allocation {
        PowerAllocator.allocate(plan: plan, inventory: DeviceInventory(devices), at: noon)
    }

    @Test func firmDevicesGetTheirCapWhenTheBudgetCarriesThem() {
        let plan = SitePlan(
            budgetW: 10_000, devices: [DeviceRule(kind: .gpu, loadClass: .firm, capW: 600, floorW: 400)])
        let a = Self.allocate(plan, [Self.gpu(1), Self.gpu(2)])
        #expect(a.decisions.map(\.capW) == [600, 600])
        #expect(a.decisions.allSatisfy { $0.reason == .full(upperW: 600) })
        #expect(a.violations.isEmpty)
    }

    /// Floors 200 and 300, caps 400 and 600, budget 700: 500 W of floors, 200 W left of a 500 W span, so each is
    /// raised 40 % of the way: 280 and 420.
    @Test func firmDevicesAreLoweredTogetherProportionally() {
        let plan = SitePlan(
            budgetW: 700,
            devices: [
                DeviceRule(match: DeviceGlob("gpu:GPU-1"), loadClass: .firm, capW: 400, floorW: 200),
                DeviceRule(match: DeviceGlob("gpu:GPU-2"), loadClass: .firm, capW: 600, floorW: 300),
            ])
        let a = Self.allocate(plan, [Self.gpu(1), Self.gpu(2)])
        #expect(abs(a.decisions[0].capW! - 280) < 1e-6)
        #expect(abs(a.decisions[1].capW! - 420) < 1e-6)
        #expect(a.decisions[0].reason == .firmLowered(upperW: 400, floorW: 200))
        #expect(a.violations.isEmpty)
    }

    @Test func firmFloorsOverTheBudgetAreAViolationAndFlexibleDevicesSleep() {
        let plan = SitePlan(
            budgetW: 500,
            devices: [
                DeviceRule(kind: .gpu, loadClass: .firm, capW: 600, floorW: 400),
                DeviceRule(kind: .asic, loadClass: .flexible),
            ])
        let a = Self.allocate(plan, [Self.gpu(1), Self.gpu(2), Self.miner("m", .continuous(minW: 100, maxW: 3000))])
        #expect(a.decisions.map(\.capW) == [nil, 400, 400])
        #expect(a.decisions[0].setting == .sleep)
        #expect(a.violations == [.budget(neededW: 800, budgetW: 500)])
        #expect(a.violations[0].description.contains("800 W"))
    }

    @Test func flexibleDevicesAreServedByPriorityAndSleptWhenTheirShareIsTooSmall() {
        let plan = SitePlan(
            budgetW: 5000,
            devices: [
                DeviceRule(match: DeviceGlob("asic:b*"), loadClass: .flexible, priority: 2),
                DeviceRule(match: DeviceGlob("asic:a*"), loadClass: .flexible, capW: 3300, priority: 1),
                DeviceRule(match: DeviceGlob("asic:c*"), loadClass: .flexible, priority: 3),
            ])
        let a = Self.allocate(
            plan,
            [
                Self.miner("a", .continuous(minW: 1000, maxW: 3600)),
                Self.miner("b", .continuous(minW: 1000, maxW: 3600)),
                Self.miner("c", .continuous(minW: 100, maxW: 3600)),
            ])
        // a: its cap 3300; b: 1700 left, at least its minimum; c: nothing left.
        #expect(a.decisions.map(\.capW) == [3300, 1700, nil])
        #expect(a.decisions[2].reason == .sleptNoShare(neededW: 100, leftW: 0))
        // With 4000 W, b's 700 W share is under its 1000 W minimum: b sleeps, and c (after it) gets the 700 W.
        var less = plan
        less.budgetW = 4000
        #expect(
            Self.allocate(
                less,
                [
                    Self.miner("a", .continuous(minW: 1000, maxW: 3600)),
                    Self.miner("b", .continuous(minW: 1000, maxW: 3600)),
                    Self.miner("c", .continuous(minW: 100, maxW: 3600)),
                ]
            ).decisions.map(\.capW) == [3300, nil, 700])
    }

    @Test func discreteDevicesTakeTheHighestStepThatFits() {
        let levels = [
            PowerStep(name: "level 0", watts: 1800), PowerStep(name: "level 1", watts: 2600),
            PowerStep(name: "level 2", watts: 3400),
        ]
        let plan = SitePlan(budgetW: 3000, devices: [DeviceRule(kind: .asic, loadClass: .flexible)])
        let a = Self.allocate(plan, [Self.miner("avalon", .steps(levels))])
        #expect(a.decisions[0].setting == .step(levels[1]))
        #expect(a.decisions[0].capW == 2600)
        var tight = plan
        tight.budgetW = 1000
        #expect(Self.allocate(tight, [Self.miner("avalon", .steps(levels))]).decisions[0].setting == .sleep)
    }

    /// 0.8 × 30 A × 208 V = 4,992 W, of which a device without a control path draws 1,400 W.
    @Test func circuitsAndUncontrolledDrawBoundWhatIsLeft() {
        let plan = SitePlan(
            budgetW: 100_000,
            circuits: [Circuit(name: "pdu-a", breakerA: 30, volts: 208, devices: [DeviceGlob("asic:*")])],
            devices: [DeviceRule(kind: .asic, loadClass: .flexible, capW: 3300)])
        #expect(plan.circuits[0].continuousLimitW == 4992)
        let a = Self.allocate(
            plan,
            [
                Self.miner("a", .continuous(minW: 100, maxW: 3600)),
                Self.miner("b", .continuous(minW: 100, maxW: 3600)),
                Self.miner("s9", .none(reason: "stock S9"), draw: 1400),
            ])
        #expect(a.decisions.map(\.capW) == [3300, 292, nil])
        #expect(a.decisions[2].countedW == 1400)
        #expect(a.decisions[2].reason.description == "stock S9: no control path, counted at its draw 1400 W")
        #expect(abs(a.allocatedW - 4992) < 1e-9)
    }

    @Test func aCapBelowTheMinimumOfADeviceThatCannotSleepHoldsItAtItsMinimum() {
        let plan = SitePlan(budgetW: 10_000, devices: [DeviceRule(kind: .gpu, loadClass: .firm, capW: 80)])
        let a = Self.allocate(plan, [Self.gpu(1, min: 150)])
        #expect(a.decisions[0].capW == 150)
        #expect(a.violations == [.aboveCap(device: .gpu(uuid: "GPU-1"), minimumW: 150, upperW: 80)])
        #expect(a.decisions[0].reason == .clampedToMinimum(minimumW: 150, upperW: 80))
    }

    @Test func theScheduleOverridesTheBudgetFromStartToEnd() {
        let start = Timestamp(rfc3339: "2026-12-01T20:00:00Z")!
        let end = Timestamp(rfc3339: "2026-12-01T22:00:00Z")!
        let plan = SitePlan(budgetW: 12_000, schedule: [BudgetWindow(start: start, end: end, budgetW: 4000)])
        #expect(plan.budgetW(at: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch - 1)) == 12_000)
        #expect(plan.budgetW(at: start) == 4000)
        #expect(plan.budgetW(at: Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - 1)) == 4000)
        #expect(plan.budgetW(at: end) == 12_000)
    }

    @Test func devicesNoRuleCoversAreCountedAtTheirDraw() {
        let plan = SitePlan(budgetW: 1000, devices: [DeviceRule(kind: .gpu, loadClass: .firm)])
        let a = Self.allocate(plan, [Self.miner("x", .continuous(minW: nil, maxW: nil), draw: 300)])
        #expect(a.decisions[0].setting == .uncontrolled)
        #expect(a.decisions[0].loadClass == nil)
        #expect(a.decisions[0].countedW == 300)
    }
}
