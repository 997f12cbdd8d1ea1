import AsyncHTTPClient
import Control
import FleetCore
import Ledger
import MinerRPC
import Miners
import Replay
import TestSupport
import Testing

/// The control step over fixture miners served on loopback, read and driven through their real controls: DESIGN's
/// safety rules where the device misbehaves.
@Suite struct MinerControlStepTests {
    /// Served fixture miners, a reader that detects their families, and the step's actuator lookup.
    struct Miners: Sendable {
        let server: FixtureMinerServer
        let reader: MinerReader
        let http: HTTPClient

        static func serve(_ miners: [FixtureMiner]) async throws -> Miners {
            Miners(
                server: try await FixtureMinerServer.start(miners: miners),
                reader: MinerReader(client: CGMinerClient(timeout: .seconds(2)), host: "h"),
                http: HTTPClient(eventLoopGroupProvider: .singleton))
        }

        func read() async -> [Reading] {
            var readings: [Reading] = []
            for endpoint in server.endpoints { readings.append(await reader.read(endpoint.address)) }
            return readings
        }

        func lookup(password: String) -> @Sendable (Reading) async -> ActuatorLookup {
            let (reader, http) = (reader, http)
            return { reading in
                guard let address = try? MinerAddress(parsing: reading.address),
                    let family = await reader.family(at: address)
                else { return .none(reason: "not recognised") }
                let endpoint = MinerEndpoint(
                    address: address, credentials: MinerCredentials(user: nil, password: password),
                    rpc: CGMinerClient(timeout: .seconds(2)), http: http)
                return family.control(endpoint, reading: reading).map { .actuator(MinerActuator(control: $0)) }
                    ?? .none(reason: "no control")
            }
        }

        func close() async {
            try? await http.shutdown()
            await server.close()
        }
    }

    static func whatsminer(ignoringLimits: Bool = false, droppingPools: Bool = false) throws -> FixtureMiner {
        let miner = try FixtureMiner(folder: PackagePaths.fixture("miners/whatsminer-m30s-btminer").path)
        var controls = try #require(miner.controls)
        controls.ignoresLimits = ignoringLimits
        controls.dropsPoolsOnLimit = droppingPools
        return miner.with(controls: controls)
    }

    static let limitPlan = """
        version: 1
        budget_w: 2000
        devices:
          - { kind: asic, class: flexible }
        """

    static func step(_ miners: Miners, ledger: Ledger, password: String = "fixture-m30s") async throws -> ControlStep {
        let plans = PlanStore(path: nil)
        try await plans.accept(Self.limitPlan, source: "test")
        var settings = ControlFixtures.quick
        settings.retryBase = .zero
        return ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: settings, lookup: miners.lookup(password: password))
    }

    @Test func aMinerThatSaysYesAndChangesNothingIsReportedNotAppliedAndRetried() async throws {
        let miners = try await Miners.serve([try Self.whatsminer(ignoringLimits: true)])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let step = try await Self.step(miners, ledger: ledger)
        let first = await step.run(await miners.read())
        #expect(first.outcomes == ["not_applied": 1])
        let second = await step.run(await miners.read())
        #expect(second.outcomes == ["not_applied": 1], "tried again after its backoff (0 s here)")
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 10)
        #expect(audit.count == 2)
        #expect(audit.allSatisfy { $0.outcome == "not_applied" && $0.to == "2000 W" && $0.verifiedValue == "3600 W" })
        #expect(audit.first?.reason.contains("accepted the write and kept 3600 W") == true)
        await miners.close()
    }

    @Test func aWriteThatAlsoDropsThePoolsIsAuditedAsASideEffectAndNotRepeated() async throws {
        let miners = try await Miners.serve([try Self.whatsminer(droppingPools: true)])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let step = try await Self.step(miners, ledger: ledger)
        let first = await step.run(await miners.read())
        #expect(first.outcomes == ["side_effects": 1])
        #expect(await step.run(await miners.read()).outcomes.isEmpty, "the limit took: not written again")
        let entry = try #require(try await ledger.reader.auditEntries(after: 0, limit: 10).first)
        #expect(entry.verifiedValue == "2000 W")
        #expect(entry.reason.hasSuffix("; it also changed pool 0, pool 1, pool 2"), "\(entry.reason)")
        await miners.close()
    }

    @Test func wrongCredentialsFailWithTheReasonAndNoPasswordInTheAudit() async throws {
        let miners = try await Miners.serve([try Self.whatsminer()])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let step = try await Self.step(miners, ledger: ledger, password: "not-the-password")
        let report = await step.run(await miners.read())
        #expect(report.outcomes == ["failed": 1])
        let entry = try #require(try await ledger.reader.auditEntries(after: 0, limit: 10).first)
        #expect(entry.reason.contains("credentials"), "\(entry.reason)")
        #expect(!entry.reason.contains("not-the-password"))
        #expect(miners.server.endpoints[0].power.snapshot.writes == 0)
        await miners.close()
    }

    @Test func aMinerThatDropsOffMidCycleFailsAloneAndTheOtherIsStillLimited() async throws {
        let staying = try await Miners.serve([try Self.whatsminer()])
        let leaving = try await Miners.serve([
            try FixtureMiner(folder: PackagePaths.fixture("miners/whatsminer-m31s-btminer").path)
        ])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let plans = PlanStore(path: nil)
        try await plans.accept(
            "version: 1\nbudget_w: 100000\ndevices:\n  - { kind: asic, class: flexible, floor_w: 1000 }\n", source: "t")
        let settings = ControlFixtures.quick
        let passwords = ["fixture-m30s", "fixture-m31s"]
        let both = [staying, leaving]
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: settings,
            lookup: { reading in
                for (index, miners) in both.enumerated()
                where miners.server.endpoints[0].address.original == reading.address {
                    return await miners.lookup(password: passwords[index])(reading)
                }
                return .none(reason: "unknown")
            })
        let readings = await staying.read() + leaving.read()
        #expect(await step.run(readings).outcomes.isEmpty)  // states read; nothing to change at full budget
        // One miner goes away between the cycle's read and its write; its port stays refused (not handed to another
        // test's server, which the write would then reach).
        let port = leaving.server.endpoints[0].address.port
        await leaving.server.close()
        let gone = try RefusingPort(port: port)
        try await plans.accept(
            "version: 1\nbudget_w: 3000\ndevices:\n  - { kind: asic, class: flexible, floor_w: 1000 }\n", source: "t")
        let report = await step.run(readings)
        #expect(report.outcomes == ["failed": 1, "verified": 1])
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 10)
        let failed = try #require(audit.first { $0.outcome == "failed" })
        #expect(failed.reason.contains("unreachable"), "\(failed.reason)")
        #expect(failed.verifiedValue == nil)
        // The first by id is limited to the 3,000 W, the other slept: whichever stayed was verified.
        #expect(audit.contains { $0.outcome == "verified" && ["set_limit", "sleep"].contains($0.action) })
        #expect(try await ledger.reader.originalSettings().count == 2, "both originals saved before the writes")
        withExtendedLifetime(gone) {}
        await staying.close()
        await leaving.close()
    }

    @Test func aShareThatMovesByAFewWattsDoesNotRewriteAWhatsminer() async throws {
        let miners = try await Miners.serve([try Self.whatsminer()])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let plans = PlanStore(path: nil)
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: miners.lookup(password: "fixture-m30s"))
        var outcomes: [[String: Int]] = []
        for budget in [2030, 2010, 2049, 2012] {
            try await plans.accept(
                "version: 1\nbudget_w: \(budget)\ndevices:\n  - { kind: asic, class: flexible }\n", source: "t")
            outcomes.append(await step.run(await miners.read()).outcomes)
        }
        #expect(outcomes == [["verified": 1], [:], [:], [:]])
        #expect(miners.server.endpoints[0].power.snapshot.limitW == 2000)  // whole 50 W steps, rounded down
        #expect(miners.server.endpoints[0].power.snapshot.writes == 1)
        await miners.close()
    }

    @Test func aMinerWithNoControlPathIsCountedAndSaysSoInTheAuditOncePerPlan() async throws {
        let miners = try await Miners.serve([
            try FixtureMiner(folder: PackagePaths.fixture("miners/antminer-s9-bmminer").path)
        ])
        let ledger = try await ControlFixtures.ledger(in: try ControlFixtures.folder())
        let plans = PlanStore(path: nil)
        try await plans.accept(Self.limitPlan, source: "t")
        let step = ControlStep(
            host: "h", plans: plans, ledger: ledger, settings: ControlFixtures.quick,
            lookup: miners.lookup(password: "x"))
        let readings = await miners.read()
        let first = await step.run(readings)
        _ = await step.run(readings)
        #expect(first.outcomes.isEmpty)
        let decision = try #require(first.allocation?.decisions.first)
        #expect(decision.setting == .uncontrolled)
        #expect(decision.countedW == readings[0].powerW)  // its estimated draw counts against the budget
        let audit = try await ledger.reader.auditEntries(after: 0, limit: 10)
        #expect(audit.count == 1, "once per plan version, not once per cycle")
        #expect(audit.first?.outcome == "unsupported" && audit.first?.action == "none")
        #expect(audit.first?.reason.contains("no control path") == true, "\(String(describing: audit.first?.reason))")
        await miners.close()
    }
}
