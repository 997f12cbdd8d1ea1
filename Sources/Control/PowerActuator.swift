import FleetCore
import Miners

/// One device's power control as the control step drives it: a GPU's NVML limit or a miner family's controls. The
/// step reads the state, writes a setting, and reads the state back to verify it.
public protocol PowerActuator: Sendable {
    /// The control family, for the audit (`nvml`, `luxos`, `btminer`, ...).
    var family: String { get }
    /// The setting in force and what the device offers.
    func state() async throws(MinerControlError) -> MinerPowerState
    /// Writes `setting`; returns when the device accepted it (not verified).
    func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError)
}

extension PowerActuator {
    /// `state()` as a `Result`.
    func readState() async -> Result<MinerPowerState, MinerControlError> {
        do {
            return .success(try await state())
        } catch {
            return .failure(error)
        }
    }

    /// `apply(_:current:)` as a `Result`.
    func write(_ setting: PowerSetting, current: MinerPowerState) async -> Result<Void, MinerControlError> {
        do {
            try await apply(setting, current: current)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}

/// A miner family's control as an actuator.
public struct MinerActuator: PowerActuator {
    let control: any MinerControl

    public init(control: any MinerControl) {
        self.control = control
    }

    public var family: String { control.family }

    public func state() async throws(MinerControlError) -> MinerPowerState { try await control.state() }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        try await control.apply(setting, current: current)
    }
}
