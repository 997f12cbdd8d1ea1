import Prometheus

/// The agent's own series: how its cycles, its ledger and its uplink are doing.
public struct AgentMetrics: Sendable {
    public let cycleDuration: DurationHistogram
    public let cycleOverruns: Counter
    public let ledgerWriteDuration: DurationHistogram
    public let readingsStored: Counter
    public let ledgerWriteFailures: Counter
    public let uplinkLag: Gauge
    public let conservationViolations: Gauge

    public init(registry: PrometheusCollectorRegistry) {
        let buckets: [Duration] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        cycleDuration = registry.makeDurationHistogram(descriptor: MetricNames.cycleDuration, buckets: buckets)
        cycleOverruns = registry.makeCounter(descriptor: MetricNames.cycleOverruns)
        ledgerWriteDuration = registry.makeDurationHistogram(descriptor: MetricNames.ledgerWrite, buckets: buckets)
        readingsStored = registry.makeCounter(descriptor: MetricNames.readingsStored)
        ledgerWriteFailures = registry.makeCounter(descriptor: MetricNames.ledgerFailures)
        uplinkLag = registry.makeGauge(descriptor: MetricNames.uplinkLag)
        conservationViolations = registry.makeGauge(descriptor: MetricNames.conservation)
    }
}
