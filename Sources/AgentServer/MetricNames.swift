import Prometheus

/// Every series the agent exports, named by Prometheus's conventions: `fleet_<subsystem>_<name>_<unit>`, base units.
enum MetricNames {
    static func name(_ subsystem: String, _ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "fleet", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    static var up: MetricNameDescriptor {
        name("device", "up", "", "1 when the device was read (ok or sleeping), 0 when unreachable or in error.")
    }
    static var power: MetricNameDescriptor {
        name("device", "power", "watts", "Electrical power now, watts (its quality is in the reading).")
    }
    static var powerLimit: MetricNameDescriptor {
        name("device", "power_limit", "watts", "The power limit in force on the device, watts.")
    }
    static var energy: MetricNameDescriptor {
        name(
            "device", "energy", "joules_total",
            "The device's energy register in the ledger, joules; restarts on a reset.")
    }
    static var hashrate: MetricNameDescriptor {
        name("miner", "hashrate", "hashes_per_second", "The miner's current hashrate.")
    }
    static var temperature: MetricNameDescriptor {
        name("device", "temperature", "celsius", "Temperature by sensor, degrees Celsius.")
    }

    static var cycleDuration: MetricNameDescriptor {
        name("agent", "cycle_duration", "seconds", "Time one poll cycle took to read every device.")
    }
    static var cycleOverruns: MetricNameDescriptor {
        name(
            "agent", "cycle_overruns", "total", "Cycle ticks skipped because a cycle ran past its interval.")
    }
    static var ledgerWrite: MetricNameDescriptor {
        name("agent", "ledger_write", "seconds", "Time one cycle's transaction took in the ledger.")
    }
    static var readingsStored: MetricNameDescriptor {
        name("agent", "readings_stored", "total", "Readings stored durably in the ledger.")
    }
    static var ledgerFailures: MetricNameDescriptor {
        name(
            "agent", "ledger_write_failures", "total", "Cycles whose readings the ledger could not store.")
    }
    static var uplinkLag: MetricNameDescriptor {
        name("agent", "uplink_lag", "readings", "Readings stored but not yet delivered upstream.")
    }
    static var conservation: MetricNameDescriptor {
        name(
            "agent", "energy_conservation_violations", "",
            "Devices whose intervals and gaps do not add up to the register.")
    }
}
