import AgentServer
import AsyncHTTPClient
import Control
import FleetCore
import Foundation
import Ledger
import Logging
import MinerRPC
import YAMLConfig

/// The plan and the control step of `fleet-agent run`: the plan file read at start and on SIGHUP, plans sent to
/// `PUT /v1/plan`, each cycle's readings tagged with their tenant before they are stored, then the control step over
/// them, its figures in the metrics; the devices' originals restored at a clean stop.
final class ControlStage: PlanAccess {
    let plans: PlanStore
    let step: ControlStep
    let metrics: ControlMetrics
    let ledger: Ledger
    let http: HTTPClient
    let logger: Logger

    init(
        config: AgentConfig, cycle: PollCycle, ledger: Ledger, metrics: ControlMetrics, dryRun: Bool, logger: Logger
    ) async {
        plans = PlanStore(path: config.plan)
        var settings = config.control
        settings.dryRun = dryRun
        // A miner whose web port refuses is a failed write at once (tried again after the backoff), not a device
        // deadline spent on reconnects; each request's deadline is the control's own.
        var web = HTTPClient.Configuration()
        web.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: web)
        let actuators = DeviceActuators(
            cycle: cycle, config: config, rpc: CGMinerClient(timeout: settings.deviceDeadline), http: http)
        step = ControlStep(
            host: config.host, plans: plans, ledger: ledger, settings: settings, logger: logger,
            lookup: { await actuators.lookup($0) })
        self.metrics = metrics
        self.ledger = ledger
        self.logger = logger
        if config.plan != nil { await reload(reason: "start") }
        if dryRun { logger.notice("dry-run: every control decision is computed and audited, nothing is written") }
    }

    /// Re-reads the plan file (at start, on SIGHUP): on success it is in force, otherwise every problem is logged and
    /// the plan in force stays.
    func reload(reason: String) async {
        let inventory = await step.inventory
        do throws(ConfigError) {
            let accepted = try await plans.reload(inventory: inventory.devices.isEmpty ? nil : inventory)
            logger.notice("plan \(accepted.version) from \(accepted.source) in force (\(reason))")
            await audit(accepted, reason: "plan read from \(accepted.source) (\(reason))")
        } catch {
            let kept = await plans.current.map { "plan \($0.version) stays in force" } ?? "no plan is in force"
            logger.error("plan rejected (\(reason)); \(kept):\n\(error)")
        }
    }

    /// Each reading's tenant from the plan in force (the first rule that covers the device and names one).
    func tag(_ readings: [Reading]) async -> [Reading] {
        guard let plan = await plans.current?.plan, plan.devices.contains(where: { $0.tenant != nil }) else {
            return readings
        }
        return readings.map { reading in
            var tagged = reading
            if let tenant = plan.rule(for: InventoryDevice(reading: reading))?.rule.tenant { tagged.tenant = tenant }
            return tagged
        }
    }

    /// The control step over one cycle's readings, its figures into the metrics; returns its report.
    @discardableResult
    func run(_ readings: [Reading]) async -> ControlReport {
        let report = await step.run(readings)
        metrics.measured.set(report.measuredW)
        metrics.held.set(Double(report.held))
        metrics.count(report.outcomes)
        if let allocation = report.allocation {
            metrics.budget.set(allocation.budgetW)
            metrics.allocated.set(allocation.allocatedW)
            metrics.violations.set(Double(allocation.violations.count))
            for violation in allocation.violations { logger.warning("plan: \(violation)") }
        }
        return report
    }

    /// At a clean stop: every device back to its setting from before the agent, and the HTTP client shut down.
    func stop() async {
        let report = await step.restoreAll()
        if !report.outcomes.isEmpty { logger.notice("at stop, restored: \(report.outcomes)") }
        try? await http.shutdown()
    }

    // MARK: PlanAccess

    func current() async -> PlanInForce? {
        await plans.current.map(Self.inForce)
    }

    func replace(_ text: String) async -> PlanReplacement {
        let inventory = await step.inventory
        let accepted: PlanStore.Accepted
        do throws(ConfigError) {
            accepted = try await plans.accept(
                text, source: "api", inventory: inventory.devices.isEmpty ? nil : inventory)
        } catch {
            return .rejected(error.problems.map { $0.description })
        }
        let persisted = persist(text)
        logger.notice("plan \(accepted.version) in force (PUT /v1/plan); \(persisted)")
        await audit(accepted, reason: "plan replaced through PUT /v1/plan; \(persisted)")
        return .accepted(Self.inForce(accepted), persisted: persisted)
    }

    /// Writes a plan that came through the API over the config's plan file (atomically), so that a restart or a
    /// SIGHUP keeps it.
    private func persist(_ text: String) -> String {
        guard let path = plans.path else { return "not written: the config names no plan file (kept until restart)" }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return "written to \(path)"
        } catch {
            return "not written to \(path) (\(error.localizedDescription)); in force until restart"
        }
    }

    private func audit(_ accepted: PlanStore.Accepted, reason: String) async {
        do {
            try await ledger.appendAudit(
                AuditEntry(
                    time: accepted.acceptedAt, device: "plan", action: "plan", from: nil, to: accepted.version,
                    reason: reason, planVersion: accepted.version, verifiedValue: nil, outcome: "verified"))
        } catch {
            logger.error("the plan change could not be audited: \(error)")
        }
    }

    static func inForce(_ accepted: PlanStore.Accepted) -> PlanInForce {
        PlanInForce(
            text: accepted.text, version: accepted.version, source: accepted.source, acceptedAt: accepted.acceptedAt)
    }
}
