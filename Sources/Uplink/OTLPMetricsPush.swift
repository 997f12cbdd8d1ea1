import CoreMetrics
import FleetCore
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Synchronization

/// The devices' series pushed to an OpenTelemetry collector over OTLP/HTTP (protobuf), every export interval, through
/// swift-otel: `fleet.device.power` (gauge, `W`), `fleet.device.energy` (monotonic cumulative sum, `J`, counted from
/// the sum's start time: the agent's start), `fleet.miner.hashrate` (gauge, `H/s`), `fleet.device.temperature`
/// (gauge, `Cel`, the hottest sensor) and `fleet.device.up` (gauge, `1`), each with the attributes `device`, `kind`,
/// `model` and `tenant` (the last two where known). A value the device's latest reading lacks is not exported. The resource carries `service.name` `fleet-agent` and `host.name`.
///
/// Energy is the ledger's register: each cycle adds what the device's register gained since the last cycle (all of
/// a new epoch's register when the source reset), never a negative step, so the pushed sum stays monotonic across
/// counter resets and gaps.
public final class OTLPMetricsPush: Sendable {
    private let factory: any MetricsFactory
    private let devices = Mutex<[DeviceID: DeviceSeries]>([:])

    private init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// A push to `endpoint` (the collector's base URL; `/v1/metrics` is appended, as OTLP/HTTP prescribes) every
    /// `interval`, each export ending within `timeout`. The returned service does the exporting: run it in the
    /// agent's service group. A collector that is down costs failed exports (logged), never a cycle.
    public static func make(
        endpoint: URL, host: String, interval: Duration, timeout: Duration, logger: Logger
    ) throws -> (push: OTLPMetricsPush, service: any Service) {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "fleet-agent"
        configuration.resourceAttributes = ["host.name": host]
        configuration.diagnosticLogger = .custom(logger)
        configuration.traces.enabled = false
        configuration.logs.enabled = false
        configuration.metrics.exportInterval = interval
        configuration.metrics.exportTimeout = timeout
        configuration.metrics.otlpExporter.protocol = .httpProtobuf
        configuration.metrics.otlpExporter.timeout = timeout
        let base = endpoint.absoluteString
        configuration.metrics.otlpExporter.endpoint = base.hasSuffix("/") ? base + "v1/metrics" : base + "/v1/metrics"
        let backend = try OTel.makeMetricsBackend(configuration: configuration)
        return (OTLPMetricsPush(factory: backend.factory), backend.service)
    }

    /// Takes a cycle's readings as the ledger stored them (with their energy register).
    public func record(_ readings: [Reading]) {
        devices.withLock { devices in
            for reading in readings {
                let labels = DeviceSeries.Labels(reading)
                var series = devices[reading.device]
                if let old = series, old.labels != labels {
                    // New labels are a new series: the old one is dropped, and the register carries over so that
                    // no cycle's energy is missed.
                    old.destroy()
                    series = DeviceSeries(labels: labels, factory: factory, register: old.register)
                }
                var current = series ?? DeviceSeries(labels: labels, factory: factory)
                current.record(reading)
                devices[reading.device] = current
            }
        }
    }
}

/// One device's instruments, and where its energy register stood at the last cycle.
struct DeviceSeries {
    struct Labels: Equatable {
        var device: String
        var kind: String
        var model: String
        var tenant: String

        init(_ reading: Reading) {
            device = reading.device.description
            kind = reading.kind.rawValue
            model = reading.model ?? ""
            tenant = reading.tenant ?? ""
        }
    }

    let labels: Labels
    private let factory: any MetricsFactory
    private let attributes: [(String, String)]
    /// The gauges of the values the device last reported, by name: a value a reading lacks is dropped from the
    /// export rather than left at its last (or never recorded, zero) value.
    private var gauges: [String: Gauge] = [:]
    private let energy: FloatingPointCounter
    /// The register's epoch and joules at the last reading that carried them.
    private(set) var register: (epoch: String, joules: Double)?

    init(labels: Labels, factory: any MetricsFactory, register: (epoch: String, joules: Double)? = nil) {
        self.labels = labels
        self.factory = factory
        self.register = register
        // An unknown model or a device without a tenant has no such attribute (rather than an empty one).
        attributes = [
            ("device", labels.device), ("kind", labels.kind), ("model", labels.model), ("tenant", labels.tenant),
        ].filter { !$0.1.isEmpty }
        energy = FloatingPointCounter(
            label: "fleet.device.energy",
            dimensions: [
                ("unit", "J"),
                ("description", "Energy the ledger registered for the device since the sum's start time."),
            ] + attributes, factory: factory)
    }

    mutating func record(_ reading: Reading) {
        set(
            "fleet.device.up", "1", "1 when the last cycle read the device (ok or sleeping).",
            reading.status == .ok || reading.status == .sleeping ? 1 : 0)
        set("fleet.device.power", "W", "Power the device draws.", reading.powerW)
        set("fleet.miner.hashrate", "H/s", "The miner's hashrate.", reading.hashrateHs)
        set("fleet.device.temperature", "Cel", "The device's hottest temperature sensor.", reading.tempMaxC)
        guard let joules = reading.energyJ, let epoch = reading.energyEpoch, joules.isFinite, joules >= 0 else {
            return
        }
        if let last = register {
            let gained = last.epoch == epoch ? joules - last.joules : joules
            if gained > 0 { energy.increment(by: gained) }
        }
        register = (epoch, joules)
    }

    /// Drops every series of this device from the export.
    func destroy() {
        for gauge in gauges.values { gauge.destroy() }
        energy.destroy()
    }

    private mutating func set(_ name: String, _ unit: String, _ description: String, _ value: Double?) {
        guard let value, value.isFinite else {
            gauges.removeValue(forKey: name)?.destroy()
            return
        }
        let gauge =
            gauges[name]
            ?? Gauge(
                label: name, dimensions: [("unit", unit), ("description", description)] + attributes, factory: factory)
        gauges[name] = gauge
        gauge.record(value)
    }
}
