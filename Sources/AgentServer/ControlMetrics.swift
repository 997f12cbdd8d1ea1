import Prometheus

/// The control step's series: the budget in force, what allocation gave out, what the devices drew, the rules the
/// hardware forced it to break, and its writes by outcome.
public struct ControlMetrics: Sendable {
    public let budget: Gauge
    public let allocated: Gauge
    public let measured: Gauge
    public let violations: Gauge
    public let held: Gauge
    private let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        budget = registry.makeGauge(
            descriptor: MetricNames.name("plan", "budget", "watts", "The host's power budget in force, watts."))
        allocated = registry.makeGauge(
            descriptor: MetricNames.name(
                "plan", "allocated", "watts", "Watts the allocation counts against the budget (caps, steps, draw)."))
        measured = registry.makeGauge(
            descriptor: MetricNames.name(
                "plan", "measured_power", "watts", "The sum of the cycle's power readings, watts."))
        violations = registry.makeGauge(
            descriptor: MetricNames.name(
                "plan", "violations", "", "Limits allocation could not keep (firm floors or minimums above them)."))
        held = registry.makeGauge(
            descriptor: MetricNames.name(
                "control", "held_raises", "", "Raises waiting for their device's hold time, turn or retry backoff."))
    }

    /// Counts one step's writes by outcome (`verified`, `not_applied`, `failed`, `dry_run`).
    public func count(_ outcomes: [String: Int]) {
        for (outcome, count) in outcomes where count > 0 {
            registry.makeCounter(
                descriptor: MetricNames.name("control", "writes", "total", "Control writes by outcome."),
                labels: [("outcome", outcome)]
            ).increment(by: Int64(count))
        }
    }
}
