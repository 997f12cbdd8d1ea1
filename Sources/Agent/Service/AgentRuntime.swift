import AgentServer
import Control
import FleetCore
import Ledger
import Logging
import Prometheus
import ServiceLifecycle
import Uplink

/// `fleet-agent run`: the agent assembled from its config: the ledger, the poll loop, the HTTP API and the uplink's
/// pushes (readings to `readings_url`, metrics to `otlp_url`), in one service group that SIGTERM and SIGINT shut down
/// gracefully (the cycle in progress finishes, the ledger is closed).
public enum AgentRuntime {
    /// Why the agent could not start (each names the file or setting at fault).
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs the agent until it is stopped, or for `cycles` cycles.
    ///
    /// - Parameters:
    ///   - cycles: stop after this many cycles; nil: until stopped.
    ///   - serveAPI: whether the HTTP API runs (not for `--once`).
    ///   - stop: nil: SIGTERM and SIGINT stop the agent gracefully (its service group owns them). A caller that owns
    ///     the signals itself passes an `AgentStop` and requests the stop through it; the group then traps none.
    ///   - onListening: told the API's bound port (useful with port 0).
    ///   - onCycle: told each cycle's readings, as stored (with `seq` and the energy register), or as read when the
    ///     ledger could not store them.
    ///   - onControl: told each cycle's control report (after `onCycle`).
    ///   - dryRun: compute and audit every control decision, write nothing to any device.
    public static func run(
        config: AgentConfig, cycles: Int? = nil, serveAPI: Bool = true, dryRun: Bool = false, stop: AgentStop? = nil,
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        onCycle: @escaping @Sendable (CycleReadings) async -> Void = { _ in },
        onControl: @escaping @Sendable (ControlReport) async -> Void = { _ in }
    ) async throws {
        var token: BearerToken?
        if let file = config.http.tokenFile {
            do {
                token = try BearerToken.load(path: file)
            } catch {
                throw StartError(description: "http.token_file: \(error)")
            }
        }
        let ledger: Ledger
        do {
            ledger = try await Ledger.open(path: config.ledger)
        } catch {
            throw StartError(description: "ledger: \(error)")
        }
        let registry = PrometheusCollectorRegistry()
        let agentMetrics = AgentMetrics(registry: registry)
        // /v1/devices answers from the ledger's latest readings (each with its time) until the first cycle is stored.
        let latest = LatestReadings()
        do {
            latest.update(try await ledger.reader.devices())
        } catch {
            logger.error("the ledger's latest readings could not be read: \(error)")
        }
        // Checked (the token file, the OTLP settings) even when only one cycle runs, so `--once` refuses what `run`
        // would; its services run only beside the API.
        let upstream = try Upstream(config: config, ledger: ledger, metrics: agentMetrics, logger: logger)
        let days = { (count: Int) in Duration.seconds(Int64(count) * 86_400) }
        let sink = LedgerSink(
            ledger: ledger, interval: config.interval, devices: DeviceMetrics(registry: registry), agent: agentMetrics,
            latest: latest,
            retention: RetentionPolicy(
                readings: days(config.retention.readingsDays), intervals: days(config.retention.intervalsDays),
                keepUndeliveredFor: config.uplink.readingsURL == nil ? [] : [ReadingsUplink.sink]),
            maintenanceEvery: max(1, Int(Duration.seconds(3600) / config.interval)),
            onCycle: { [push = upstream.push] cycle in
                push?.record(cycle.readings)
                await onCycle(cycle)
            })
        let cycle = await PollCycle.start(config: config)
        for problem in cycle.problems { logger.warning("\(problem)") }
        let control = await ControlStage(
            config: config, cycle: cycle, ledger: ledger, metrics: ControlMetrics(registry: registry), dryRun: dryRun,
            logger: logger)
        let stats = CycleStats()
        let service = AgentService(
            read: { await cycle.read() }, sink: sink, interval: config.interval, cycles: cycles, stats: stats,
            observe: { duration, skipped in
                agentMetrics.cycleDuration.record(duration)
                if skipped > 0 { agentMetrics.cycleOverruns.increment(by: Int64(skipped)) }
            },
            prepare: { await control.tag($0) }, control: { await onControl(await control.run($0)) },
            onStop: { await control.stop() })
        logger.info(
            "agent \(config.host): \(config.miners.count) miners, GPUs \(config.gpus ? "on" : "off"), every \(config.interval), ledger \(config.ledger)"
        )
        guard serveAPI else {
            try await service.run()
            return
        }
        let api = APIServer(
            settings: .init(
                host: config.http.host, port: config.http.port, token: token, openReads: config.http.openReads),
            registry: registry, latest: latest, ledger: LedgerAPI(reader: ledger.reader), plans: control,
            health: {
                let s = stats.snapshot
                return HealthReport(
                    status: "ok", cycles: s.cycles, overruns: s.overruns, storeFailures: s.storeFailures,
                    lastCycleSeconds: Double(s.lastDuration.components.seconds)
                        + Double(s.lastDuration.components.attoseconds) / 1e18)
            })
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: api.application(logger: logger, onRunning: onListening)),
                    .init(service: PlanReloadService(stage: control)),
                ] + upstream.services.map { .init(service: $0) },
                gracefulShutdownSignals: stop == nil ? [.sigterm, .sigint] : [], logger: logger))
        await stop?.attach(group)
        try await group.run()
    }
}
