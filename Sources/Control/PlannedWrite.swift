import FleetCore
import Miners

/// One write the control step is about to make.
struct PlannedWrite: Sendable {
    var device: DeviceID
    var actuator: any PowerActuator
    var from: MinerPowerState
    var to: PowerSetting
    var reason: String
    /// A lift: the device goes back to its saved original, which is forgotten once verified.
    var restoring: Bool

    /// The audit's action: `set_limit`, `set_step`, `sleep`, `wake` (a step or limit for a device asleep),
    /// `restore`.
    var action: String {
        if restoring { return "restore" }
        switch to {
        case .sleep: return "sleep"
        case .limit: return from.asleep ? "wake" : "set_limit"
        case .step: return from.asleep ? "wake" : "set_step"
        case .uncontrolled: return "none"
        }
    }
}
