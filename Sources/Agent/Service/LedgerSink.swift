import AgentServer
import FleetCore
import Ledger
import Logging
import Synchronization

/// The poll loop's sink: each cycle's readings into the ledger in one transaction, then the stored readings (with
/// their `seq` and energy register) to the metrics and `/v1/devices`. A cycle that cannot be stored (disk full) is
/// counted, logged and remembered; once writes succeed again its devices get a gap (`Ledger.recordLoss`) before the
/// next cycle is stored, so no energy is ever integrated across readings that were lost. Each cycle's readings are
/// then handed to `onCycle` (the demo's live view).
public final class LedgerSink: CycleSink {
    private let ledger: Ledger
    private let interval: Duration
    private let devices: DeviceMetrics
    private let agent: AgentMetrics
    private let latest: LatestReadings
    private let logger: Logger
    /// The first unstored cycle's time and the devices of every unstored cycle since.
    private let lost = Mutex<(from: Timestamp, devices: Set<String>)?>(nil)
    /// How long raw readings and intervals are kept; applied, with the conservation check, every
    /// `maintenanceEvery` cycles (and after the first).
    private let retention: RetentionPolicy
    private let maintenanceEvery: Int
    /// Told each cycle's readings: as stored, or as read when the ledger could not store them.
    private let onCycle: @Sendable (CycleReadings) async -> Void

    public init(
        ledger: Ledger, interval: Duration, devices: DeviceMetrics, agent: AgentMetrics, latest: LatestReadings,
        retention: RetentionPolicy = RetentionPolicy(
            readings: .seconds(35 * 86_400), intervals: .seconds(800 * 86_400)),
        maintenanceEvery: Int = 360, logger: Logger = Logger(label: "fleet-agent.ledger"),
        onCycle: @escaping @Sendable (CycleReadings) async -> Void = { _ in }
    ) {
        self.ledger = ledger
        self.interval = interval
        self.devices = devices
        self.agent = agent
        self.latest = latest
        self.retention = retention
        self.maintenanceEvery = max(1, maintenanceEvery)
        self.logger = logger
        self.onCycle = onCycle
    }

    public func store(_ cycle: CycleReadings) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        do {
            if let loss = lost.withLock({ $0 }) {
                try await ledger.recordLoss(devices: Array(loss.devices), from: loss.from)
                lost.withLock { $0 = nil }
                logger.notice(
                    "the ledger stores again; \(loss.devices.count) devices got a gap from \(loss.from.rfc3339)")
            }
            let appended = try await ledger.append(
                cycle: .init(time: cycle.started, interval: interval, readings: cycle.readings.map { .init($0) }))
            agent.ledgerWriteDuration.record(clock.now - began)
            agent.readingsStored.increment(by: Int64(appended.readings.count))
            // As stored: with the ledger's seq and energy register, for the metrics and /v1/devices.
            devices.update(appended.readings)
            latest.update(appended.readings)
            if (cycle.number - 1) % maintenanceEvery == 0 { await maintain(now: cycle.started) }
            var stored = cycle
            stored.readings = appended.readings
            await onCycle(stored)
        } catch {
            agent.ledgerWriteFailures.increment()
            devices.update(cycle.readings)
            latest.update(cycle.readings)
            await onCycle(cycle)
            lost.withLock { loss in
                let ids = cycle.readings.map(\.device.description)
                loss = (loss?.from ?? cycle.started, (loss?.devices ?? []).union(ids))
            }
            throw error
        }
    }

    /// Deletes what retention no longer keeps, then checks that the intervals still add up to the registers and
    /// exports the violations (`fleet_agent_energy_conservation_violations`). Failures are logged, never fatal.
    private func maintain(now: Timestamp) async {
        do {
            let pruned = try await ledger.prune(retention, now: now)
            if pruned.readings + pruned.intervals > 0 {
                logger.info("retention: \(pruned.readings) readings and \(pruned.intervals) interval rows deleted")
            }
            let report = try await ledger.reader.conservation()
            agent.conservationViolations.set(Double(report.violations.count))
            for violation in report.violations.prefix(10) {
                logger.error("energy not conserved: \(violation)")
            }
        } catch {
            logger.error("ledger maintenance: \(error)")
        }
    }

    public func close() async {
        do {
            try await ledger.close()
        } catch {
            logger.error("closing the ledger: \(error)")
        }
    }
}
