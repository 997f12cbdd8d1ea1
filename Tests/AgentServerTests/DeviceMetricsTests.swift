import AgentServer
import FleetCore
import Prometheus
import Testing

/// The devices' series in Prometheus's text format, through swift-prometheus.
@Suite struct DeviceMetricsTests {
    static func miner(
        power: Double?, energy: Double? = nil, epoch: String? = nil, model: String = "Antminer S19"
    )
        -> Reading
    {
        var r = Reading(
            time: .now(), host: "h", device: DeviceID.asic(mac: "c6:02:14:00:1f:b3")!, kind: .asic,
            address: "10.0.0.11:4028")
        r.model = model
        r.powerW = power
        r.hashrateHs = 95e12
        r.tempMaxC = 71
        r.energyJ = energy
        r.energyEpoch = epoch
        return r
    }

    static let labels = #"device="asic:c6:02:14:00:1f:b3",kind="asic",model="Antminer S19",tenant="""#

    @Test func aReadingBecomesSeriesInBaseUnitsWithTheSchemasLabels() {
        let registry = PrometheusCollectorRegistry()
        DeviceMetrics(registry: registry).update([Self.miner(power: 3250, energy: 1_000, epoch: "e1")])
        let text = registry.emitToString()
        #expect(text.contains("fleet_device_power_watts{\(Self.labels)} 3250.0"), "\(text)")
        #expect(text.contains("fleet_miner_hashrate_hashes_per_second{\(Self.labels)} 95000000000000.0"))
        #expect(text.contains(#"fleet_device_temperature_celsius{\#(Self.labels),sensor="max"} 71.0"#))
        #expect(text.contains("fleet_device_up{\(Self.labels)} 1.0"))
        #expect(text.contains("# TYPE fleet_device_energy_joules_total counter"))
        #expect(text.contains("fleet_device_energy_joules_total{\(Self.labels)} 1000.0"))
        #expect(!text.contains("fleet_device_power_limit_watts"), "unknown is not exported as 0")
    }

    @Test func theEnergyCounterFollowsTheRegisterAndRestartsOnANewEpoch() {
        let registry = PrometheusCollectorRegistry()
        let metrics = DeviceMetrics(registry: registry)
        metrics.update([Self.miner(power: 3250, energy: 1_000, epoch: "e1")])
        metrics.update([Self.miner(power: 3250, energy: 1_650, epoch: "e1")])
        #expect(registry.emitToString().contains("fleet_device_energy_joules_total{\(Self.labels)} 1650.0"))
        metrics.update([Self.miner(power: 3250, energy: 40, epoch: "e2")])
        #expect(registry.emitToString().contains("fleet_device_energy_joules_total{\(Self.labels)} 40.0"))
    }

    @Test func aValueThatGoesUnknownIsRemovedAndChangedLabelsReplaceTheSeries() {
        let registry = PrometheusCollectorRegistry()
        let metrics = DeviceMetrics(registry: registry)
        metrics.update([Self.miner(power: 3250)])
        metrics.update([Self.miner(power: nil)])
        #expect(!registry.emitToString().contains("fleet_device_power_watts"))
        metrics.update([Self.miner(power: 3000, model: "Antminer S19 Pro")])
        let text = registry.emitToString()
        #expect(text.contains(#"model="Antminer S19 Pro""#))
        #expect(!text.contains(#"model="Antminer S19","#), "\(text)")
    }

    @Test func anUnreachableDeviceIsDown() {
        let registry = PrometheusCollectorRegistry()
        var r = Self.miner(power: nil)
        r.status = .unreachable
        r.hashrateHs = nil
        r.tempMaxC = nil
        DeviceMetrics(registry: registry).update([r])
        #expect(registry.emitToString().contains("fleet_device_up{\(Self.labels)} 0.0"))
    }
}
