/// A branch circuit that devices of the host share, protected by a breaker. Its continuous load may be at most
/// 80 % of the breaker's rating (the NEC rule for continuous loads): `0.8 × breaker_a × volts` watts, single-phase.
public struct Circuit: Sendable, Equatable {
    /// Share of the breaker rating a continuous load may use.
    public static let continuousShare = 0.8

    public var name: String
    /// The breaker's rating, amperes.
    public var breakerA: Double
    /// The circuit's voltage.
    public var volts: Double
    /// Which devices are on it, by id pattern.
    public var devices: [DeviceGlob]

    public init(name: String, breakerA: Double, volts: Double, devices: [DeviceGlob]) {
        self.name = name
        self.breakerA = breakerA
        self.volts = volts
        self.devices = devices
    }

    /// The most the devices on the circuit may draw together, continuously: 80 % of the rating, in watts.
    public var continuousLimitW: Double { Self.continuousShare * breakerA * volts }

    /// Whether the device with id `device` is on this circuit.
    public func contains(_ device: DeviceID) -> Bool {
        let text = device.description
        return devices.contains { $0.matches(text) }
    }
}
