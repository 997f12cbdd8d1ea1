import AgentServer
import FleetCore
import Ledger
import Logging
import Synchronization

/// The poll loop's sink: each cycle's readings into the ledger in one transaction, then the stored readings (with
/// their `seq` and energy register) to the metrics and `/v1/devices`. A cycle that cannot be stored (disk full) is
/// counted, logged, shown without energy, and remembered; once writes succeed again its devices get a gap
/// (`Ledger.recordLoss`) before the next cycle is stored, so no energy is ever integrated across readings that were
/// lost. Each cycle's readings are then handed to `onCycle` (the OTLP push, the demo's live view).
public final class LedgerSink: CycleSink {
    private let ledger: Ledger
    private let interval: Duration
    /// The device series, applied off the cycle.
    private let feed: DeviceMetricsFeed
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
        feed = DeviceMetricsFeed(metrics: devices)
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
            // As stored: with the ledger's seq and energy register, for the metrics and /v1/devices.
            agent.readingsStored.increment(by: Int64(appended.readings.count))
            feed.submit(appended.readings)
            latest.update(appended.readings)
            if (cycle.number - 1) % maintenanceEvery == 0 { await maintain(now: cycle.started) }
            var stored = cycle
            stored.readings = appended.readings
            await onCycle(stored)
        } catch {
            agent.ledgerWriteFailures.increment()
            // Polling goes on in the metrics and /v1/devices, but without energy: an unstored reading's `energy_j` is
            // the source's own counter (NVML's since the driver loaded), not the ledger's register, and exporting it
            // would make `fleet_device_energy_joules_total` jump up, then reset when storing resumes (energy that
            // Prometheus would count twice). The counter keeps the last stored register meanwhile.
            let unstored = cycle.readings.map { reading in
                var reading = reading
                reading.energyJ = nil
                reading.energyEpoch = nil
                return reading
            }
            feed.submit(unstored)
            latest.update(unstored)
            var shown = cycle
            shown.readings = unstored
            await onCycle(shown)
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
