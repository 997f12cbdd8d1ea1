import Control
import FleetCore
import Ledger
import NVML
import Testing

/// The control step over FakeNVML GPUs: caps applied and read back, originals saved before the first change and
/// restored when the cap is lifted, at a clean stop and after a crash; dry-run writes nothing.
@Suite struct GPUControlTests {
    static let node = ["a100-sxm4-80gb-node.gpu"]

    @Test func aBudgetDropLowersTheFirmGPUsTogetherAndEachWriteIsVerified() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(Self.node, journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 2000), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(report.outcomes == ["verified": 8])
        let limits = try ControlFixtures.limits(nvml)
        #expect(limits.allSatisfy { $0 == 250 })  // 8 × 250 W = the 2,000 W budget, floors 100 W
        #expect(limits.reduce(0, +) <= 2000)
        let saved = try await ledger.reader.originalPowerLimits()
        #expect(saved.count == 8 && saved.values.allSatisfy { $0 == 400 })
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 100)
        #expect(audit.count == 8)
        #expect(audit.allSatisfy { $0.action == "set_limit" && $0.from == "400 W" && $0.to == "250 W" })
        #expect(audit.allSatisfy { $0.verifiedValue == "250 W" && $0.outcome == "verified" })
        #expect(audit.allSatisfy { $0.planVersion?.hasPrefix("sha256:") == true })
    }

    @Test func whenTheBudgetReturnsTheLimitsAreRestoredAndTheOriginalsForgotten() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(Self.node, journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 1600), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 200 })
        try await plans.accept(ControlFixtures.plan(budget: 100_000), source: "test")
        let back = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(back.outcomes == ["verified": 8])
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
        #expect(try await ledger.reader.originalPowerLimits().isEmpty)
    }

    @Test func aGPUIsNeverRaisedAboveItsOriginalLimit() async throws {
        let folder = try ControlFixtures.folder()
        // The capture's RTX 3090 runs capped at 200 W (max 350 W): a plan with room keeps it at 200 W.
        let nvml = try ControlFixtures.gpus(["rtx-3090-capped-200w.gpu"], journal: folder + "/journal")
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 10_000, gpuCap: 350), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: try await ControlFixtures.ledger(in: folder),
            settings: ControlFixtures.quick, lookup: ControlFixtures.lookup(nvml))
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(report.outcomes.isEmpty)
        #expect(try ControlFixtures.limits(nvml) == [200])
    }

    @Test func aCleanStopRestoresEveryOriginal() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(Self.node, journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 1200), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 150 })
        let report = await step.restoreAll()
        #expect(report.outcomes == ["verified": 8])
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
        #expect(try await ledger.reader.originalPowerLimits().isEmpty)
        let restores = try await ledger.reader.auditEntries(after: 0, limit: 100).filter { $0.action == "restore" }
        #expect(restores.count == 8 && restores.allSatisfy { $0.to == "400 W" && $0.outcome == "verified" })
    }

    @Test func afterACrashTheNextStartRestoresWhatThePlanNoLongerCaps() async throws {
        let folder = try ControlFixtures.folder()
        let journal = folder + "/journal"
        do {
            let nvml = try ControlFixtures.gpus(Self.node, journal: journal)
            let plans = PlanStore(path: nil)
            try await plans.accept(ControlFixtures.plan(budget: 1200), source: "test")
            let step = ControlStep(
                host: "h", plans: plans, ledger: try await ControlFixtures.ledger(in: folder),
                settings: ControlFixtures.quick, lookup: ControlFixtures.lookup(nvml))
            _ = await step.run(nvml.readAll(host: "h", at: .now()))
            // No restoreAll: the agent died here.
        }
        // The driver kept the limits (the journal replays them); the new agent has no plan.
        let nvml = try ControlFixtures.gpus(Self.node, journal: journal)
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 150 })
        let ledger = try await ControlFixtures.ledger(in: folder)
        let step = ControlStep(
            host: "h", plans: PlanStore(path: nil), ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(report.outcomes == ["verified": 8])
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
        #expect(try await ledger.reader.originalPowerLimits().isEmpty)
    }

    @Test func dryRunAuditsEachDecisionOnceAndWritesNothing() async throws {
        let folder = try ControlFixtures.folder()
        let journal = folder + "/journal"
        let nvml = try ControlFixtures.gpus(Self.node, journal: journal)
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 2000), source: "test")
        var settings = ControlFixtures.quick
        settings.dryRun = true
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: settings, lookup: ControlFixtures.lookup(nvml))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
        #expect(((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").isEmpty)
        #expect(try await ledger.reader.originalPowerLimits().isEmpty)
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 100)
        #expect(audit.count == 8 && audit.allSatisfy { $0.outcome == "dry_run" && $0.to == "250 W" })
    }

    @Test func aGPUThatFellOffTheBusFailsAloneAndIsRetriedLater() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(Self.node, journal: folder + "/journal")
        let readings = nvml.readAll(host: "h", at: .now())
        // GPU 2 is lost after this read: its write fails, the others are verified.
        let lostNVML = try ControlFixtures.gpus(Self.node, journal: folder + "/journal", lost: [2])
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 2000), source: "test")
        var settings = ControlFixtures.quick
        settings.retryBase = .seconds(3600)
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: settings, lookup: ControlFixtures.lookup(lostNVML))
        let report = await step.run(readings)
        #expect(report.outcomes == ["verified": 7, "failed": 1])
        let lost = try #require(readings.dropFirst(2).first).device.description
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 100)
        let failed = try #require(audit.first { $0.outcome == "failed" })
        #expect(failed.device == lost && failed.reason.contains("could not be read") && failed.verifiedValue == nil)
        #expect(failed.reason.contains("GPU_IS_LOST") || failed.reason.contains("not on the bus"))
        #expect(try await ledger.reader.originalPowerLimits()[lost] == nil)  // nothing written, nothing saved
        let again = await step.run(readings)
        #expect(again.outcomes.isEmpty)  // the lost GPU waits out its backoff; the others hold
    }
}

/// DESIGN's safety rules where the plan asks what the hardware cannot do.
@Suite struct GPUSafetyTests {
    @Test func aCapBelowTheGPUsMinimumHoldsItAtTheMinimumAndSaysSo() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(["a100-sxm4-80gb-node.gpu"], journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 10_000, gpuCap: 60, floor: 50), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 100 })  // NVML's minimum, never below
        let violations = try #require(report.allocation?.violations)
        #expect(violations.count == 8)
        #expect(violations.allSatisfy { "\($0)".contains("held at its minimum 100 W, above its allowance 60 W") })
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 100)
        #expect(audit.count == 8 && audit.allSatisfy { $0.reason.contains("held at its minimum") && $0.to == "100 W" })
    }

    @Test func aPlanWithoutARuleForTheGPUsLiftsTheirCaps() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(["a100-sxm4-80gb-node.gpu"], journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(ControlFixtures.plan(budget: 1200), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 150 })
        try await plans.accept(
            "version: 1\nbudget_w: 1200\ndevices:\n  - { kind: asic, class: flexible }\n", source: "test")
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(report.outcomes == ["verified": 8])
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
        let restores = try await ledger.reader.auditEntries(after: 0, limit: 100).filter { $0.action == "restore" }
        #expect(restores.count == 8 && restores.allSatisfy { $0.reason.hasPrefix("cap lifted") })
        #expect(try await ledger.reader.originalPowerLimits().isEmpty)
    }
}

/// A circuit's continuous limit (80 % of breaker × volts) binds the devices on it, and a plan whose circuit cannot
/// carry its firm floors is refused whole when the host's devices are known.
@Suite struct CircuitControlTests {
    static func plan(breakerA: Int, floor: Int) -> String {
        """
        version: 1
        budget_w: 100000
        circuits:
          - { name: pdu-a, breaker_a: \(breakerA), volts: 208, devices: ["gpu:*"] }
        devices:
          - { kind: gpu, class: firm, floor_w: \(floor) }
        """
    }

    @Test func theGPUsOnACircuitAreLoweredToItsContinuousLimit() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(["a100-sxm4-80gb-node.gpu"], journal: folder + "/journal")
        let ledger = try await ControlFixtures.ledger(in: folder)
        let plans = PlanStore(path: nil)
        try await plans.accept(Self.plan(breakerA: 10, floor: 100), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: ControlFixtures.lookup(nvml))
        let report = await step.run(nvml.readAll(host: "h", at: .now()))
        #expect(report.outcomes == ["verified": 8])
        let limits = try ControlFixtures.limits(nvml)
        let circuitW = 0.8 * 10.0 * 208.0  // 1,664 W
        let total = limits.reduce(0, +)
        #expect(total <= circuitW)
        #expect(limits.allSatisfy { $0 == 208 })
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 100)
        #expect(audit.allSatisfy { $0.reason.contains("cannot carry them all") })
    }

    @Test func aPlanWhoseCircuitCannotCarryTheFloorsIsRefusedAndTheLastGoodOneStays() async throws {
        let folder = try ControlFixtures.folder()
        let nvml = try ControlFixtures.gpus(["a100-sxm4-80gb-node.gpu"], journal: folder + "/journal")
        let plans = PlanStore(path: nil)
        let good = try await plans.accept(Self.plan(breakerA: 30, floor: 100), source: "test")
        let step = ControlStep(
            host: "h", plans: plans, ledger: try await ControlFixtures.ledger(in: folder),
            settings: ControlFixtures.quick, lookup: ControlFixtures.lookup(nvml))
        _ = await step.run(nvml.readAll(host: "h", at: .now()))
        // 8 floors of 300 W = 2,400 W on a circuit of 0.8 × 10 A × 208 V = 1,664 W.
        let inventory = await step.inventory
        let error = await #expect(throws: ConfigError.self) {
            try await plans.accept(Self.plan(breakerA: 10, floor: 300), source: "api", inventory: inventory)
        }
        #expect(error?.problems.contains { $0.path.hasPrefix("circuits[0]") } == true, "\(String(describing: error))")
        #expect(await plans.current == good)
        #expect(try ControlFixtures.limits(nvml).allSatisfy { $0 == 400 })
    }
}
