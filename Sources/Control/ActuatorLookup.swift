import FleetCore

/// How the control step reaches a device's power: an actuator, or why there is none (a family without controls, a
/// miner whose credentials file is missing, a GPU NVML cannot set).
public enum ActuatorLookup: Sendable {
    case actuator(any PowerActuator)
    case none(reason: String)
}
