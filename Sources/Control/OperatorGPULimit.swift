import FleetCore
import Ledger
import Logging
import Miners
import NVML

/// `fleet-agent gpu-limit --watts W` and `--restore`: an operator's change of one GPU's limit, through the same
/// actuator as the control step, with the same checks, the same saved original and the same audit. A limit outside
/// the GPU's constraints is refused (not clamped: an operator gets told).
public enum OperatorGPULimit {
    /// Sets `watts` on the GPU `device` (found in `nvml` by its UUID, at `index`); returns the setting read back.
    public static func set(
        _ watts: Double, device: DeviceID, index: Int, nvml: NVMLLibrary, ledger: Ledger?
    ) async throws(MinerControlError) -> MinerPowerState {
        let actuator = try actuator(device, index: index, nvml: nvml)
        let before = try await actuator.state()
        if let min = before.minW, let max = before.maxW, !(min...max).contains(watts) || !watts.isFinite {
            throw .refused(
                "\(NumberText.fixed(watts)) W is outside the GPU's power limit range "
                    + "\(NumberText.fixed(min))–\(NumberText.fixed(max)) W")
        }
        if let ledger, let original = before.limitW {
            do throws(LedgerError) {
                try await ledger.saveOriginalPowerLimit(device: device.description, watts: original, at: .now())
            } catch {
                throw .refused("not set: the GPU's original limit could not be saved in the ledger (\(error))")
            }
        }
        return try await write(
            .limit(watts), actuator: actuator, before: before, device: device, ledger: ledger,
            action: "set_limit", reason: "operator: fleet-agent gpu-limit --watts")
    }

    /// Restores the original limit saved for the GPU (before the agent or an operator first changed it) and forgets
    /// it; returns the setting read back.
    public static func restore(
        device: DeviceID, index: Int, nvml: NVMLLibrary, ledger: Ledger
    ) async throws(MinerControlError) -> MinerPowerState {
        let saved: Double?
        do throws(LedgerError) {
            saved = try await ledger.reader.originalPowerLimit(device: device.description)
        } catch {
            throw .refused("the saved original limit could not be read: \(error)")
        }
        guard let saved else { throw .refused("no original limit is saved for \(device): nothing to restore") }
        let actuator = try actuator(device, index: index, nvml: nvml)
        let before = try await actuator.state()
        return try await write(
            .limit(saved), actuator: actuator, before: before, device: device, ledger: ledger,
            action: "restore", reason: "operator: fleet-agent gpu-limit --restore")
    }

    private static func actuator(
        _ device: DeviceID, index: Int, nvml: NVMLLibrary
    ) throws(MinerControlError)
        -> GPUActuator
    {
        guard device.kind == .gpu, !device.key.hasPrefix("pci-") else {
            throw .unsupported("\(device) is not an NVML GPU")
        }
        return GPUActuator(nvml: nvml, uuid: device.key.hasPrefix("nvml-index-") ? nil : device.key, index: index)
    }

    /// Writes, reads back, audits; forgets the saved original once the GPU is back at it.
    private static func write(
        _ setting: PowerSetting, actuator: GPUActuator, before: MinerPowerState, device: DeviceID, ledger: Ledger?,
        action: String, reason: String
    ) async throws(MinerControlError) -> MinerPowerState {
        var failure: MinerControlError?
        do throws(MinerControlError) {
            try await actuator.apply(setting, current: before)
        } catch {
            failure = error
        }
        let after = try? await actuator.state()
        let verified = failure == nil && after.map { ControlStep.holds($0, setting) } == true
        let outcome = failure != nil ? "failed" : verified ? "verified" : "not_applied"
        if let ledger {
            let key = device.description
            do {
                try await ledger.appendAudit(
                    AuditEntry(
                        time: .now(), device: key, action: action, from: SettingText.of(before),
                        to: SettingText.of(setting),
                        reason: reason + (failure.map { "; \($0)" } ?? ""), planVersion: nil,
                        verifiedValue: after.map(SettingText.of), outcome: outcome))
            } catch {
                Logger(label: "fleet-agent.control").error("\(device): the change is not in the audit log: \(error)")
            }
            if verified, let saved = try? await ledger.reader.originalPowerLimit(device: key),
                let limit = after?.limitW,
                abs(saved - limit) <= 1
            {
                _ = try? await ledger.forgetOriginalPowerLimit(device: key)
            }
        }
        if let failure { throw failure }
        guard verified, let after else {
            throw .refused(
                "NVML accepted \(SettingText.of(setting)) and the GPU kept \(after.map(SettingText.of) ?? "an unreadable limit")"
            )
        }
        return after
    }
}
