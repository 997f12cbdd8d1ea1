import FleetCore
import Prometheus
import Synchronization

/// The devices' latest readings as Prometheus series (through swift-prometheus; names in base units):
/// `fleet_device_power_watts`, `fleet_device_power_limit_watts`, `fleet_device_energy_joules_total`,
/// `fleet_miner_hashrate_hashes_per_second`, `fleet_device_temperature_celsius{sensor}`, `fleet_device_up`, each
/// labelled `device`, `kind`, `model`, `tenant`. A value the reading does not have is not exported (no `0` for
/// unknown); a device whose labels change gets its old series removed.
public final class DeviceMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry

    /// One device's series, so they can be removed when its labels change.
    private struct Series: @unchecked Sendable {
        var labels: [(String, String)]
        var gauges: [String: Gauge] = [:]
        var energy: Counter?
        var energyEpoch: String?
        var energyExported = 0.0
    }

    private let devices = Mutex<[DeviceID: Series]>([:])

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Sets every series from one cycle's readings (as the ledger stored them: `energy_j` is the register).
    public func update(_ readings: [Reading]) {
        devices.withLock { table in
            for reading in readings { update(reading, in: &table) }
        }
    }

    private func update(_ r: Reading, in table: inout [DeviceID: Series]) {
        let labels = [
            ("device", r.device.description), ("kind", r.kind.rawValue), ("model", r.model ?? ""),
            ("tenant", r.tenant ?? ""),
        ]
        var series = table[r.device] ?? Series(labels: labels)
        if !series.labels.elementsEqual(labels, by: { $0 == $1 }) {
            remove(series)
            series = Series(labels: labels)
        }
        set(&series, MetricNames.up, [], r.status == .ok || r.status == .sleeping ? 1 : 0)
        set(&series, MetricNames.power, [], r.powerW)
        set(&series, MetricNames.powerLimit, [], r.powerLimitW)
        if r.kind == .asic { set(&series, MetricNames.hashrate, [], r.hashrateHs) }
        set(&series, MetricNames.temperature, [("sensor", "max")], r.tempMaxC)
        set(&series, MetricNames.temperature, [("sensor", "inlet")], r.tempInletC)
        for (index, value) in (r.tempBoardC ?? []).enumerated() {
            set(&series, MetricNames.temperature, [("sensor", "board\(index)")], value)
        }
        for (index, value) in (r.tempChipC ?? []).enumerated() {
            set(&series, MetricNames.temperature, [("sensor", "chip\(index)")], value)
        }
        if let energy = r.energyJ, energy.isFinite, energy >= 0 {
            export(energy: energy, epoch: r.energyEpoch, &series)
        }
        table[r.device] = series
    }

    /// The counter follows the ledger's register: it grows by the register's increase, and restarts (a counter
    /// reset, which Prometheus's `rate` understands) when the register starts a new epoch.
    private func export(energy: Double, epoch: String?, _ series: inout Series) {
        let counter =
            series.energy
            ?? registry.makeCounter(descriptor: MetricNames.energy, labels: series.labels)
        series.energy = counter
        if epoch != series.energyEpoch || energy < series.energyExported {
            counter.reset()
            series.energyExported = 0
            series.energyEpoch = epoch
        }
        counter.increment(by: energy - series.energyExported)
        series.energyExported = energy
    }

    private func set(
        _ series: inout Series, _ descriptor: MetricNameDescriptor, _ extra: [(String, String)], _ value: Double?
    ) {
        let key = descriptor.name + extra.map { "|\($0.0)=\($0.1)" }.joined()
        guard let value, value.isFinite else {
            if let gauge = series.gauges.removeValue(forKey: key) { registry.unregisterGauge(gauge) }
            return
        }
        let gauge =
            series.gauges[key]
            ?? registry.makeGauge(descriptor: descriptor, labels: series.labels + extra)
        series.gauges[key] = gauge
        gauge.set(value)
    }

    private func remove(_ series: Series) {
        for gauge in series.gauges.values { registry.unregisterGauge(gauge) }
        if let energy = series.energy { registry.unregisterCounter(energy) }
    }
}
