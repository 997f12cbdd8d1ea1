import FleetCore

/// What one reading tells the energy register: when, the power and the source's counter (each only when finite and
/// not negative), the uptime, and how far the figures can be trusted.
struct EnergySample: Equatable {
    var timeMs: Int64
    var powerW: Double?
    /// The source's own energy counter in joules (NVML's total energy), raw, as the reading brought it in.
    var counterJ: Double?
    var uptimeS: Double?
    var quality: PowerQuality
    /// What kind of device: how much power its counter may plausibly show between two readings.
    var kind: DeviceKind

    init(_ input: CycleReading) {
        let reading = input.reading
        timeMs = reading.time.millisecondsSinceEpoch
        kind = reading.kind
        powerW = Self.quantity(reading.powerW)
        counterJ = Self.quantity(reading.energyJ)
        uptimeS = Self.quantity(input.uptimeS)
        // A counter without a stated quality is the device's own sensor (NVML); a bare power figure without one
        // is trusted least.
        quality = reading.powerQuality ?? (counterJ != nil ? .reported : .estimated)
    }

    /// Whether the reading carries anything energy can be accounted from: a power figure or a counter.
    var isUsable: Bool { powerW != nil || counterJ != nil }

    private static func quantity(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0 else { return nil }
        return value
    }
}
