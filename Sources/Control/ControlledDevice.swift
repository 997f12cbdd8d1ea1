import FleetCore
import Miners

/// What the control step knows of one device between cycles.
struct ControlledDevice: Sendable {
    var lookup: ActuatorLookup
    /// The address the actuator was made for (a miner that moves gets a new one).
    var address: String
    /// The state last read; nil until read.
    var state: MinerPowerState?
    /// Why the last read of the state failed; nil after a good one.
    var readError: MinerControlError?
    /// Cycles since the state was last read.
    var age = 0
    /// The last write's time (for the raise hold).
    var lastWrite: ContinuousClock.Instant?
    /// Writes in a row that failed or did not take, and when the next may be tried.
    var failures = 0
    var retryAt: ContinuousClock.Instant?
    /// The draw last seen while the device ran, watts (a sleeping miner's running power).
    var runningW: Double?
    /// The impossible figures of its state last logged (`PowerStateScreen`).
    var screenLogged: [String] = []
    /// The setting last logged in dry-run, so each change is audited once.
    var dryRunLogged: PowerSetting?
    /// Whether the missing control path was audited under the plan version in force.
    var noControlLogged: String?

    var actuator: (any PowerActuator)? {
        if case .actuator(let actuator) = lookup { return actuator }
        return nil
    }
}
