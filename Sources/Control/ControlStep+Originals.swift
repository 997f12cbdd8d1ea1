import FleetCore
import Ledger
import Miners

extension ControlStep {
    func hasOriginal(_ id: DeviceID) -> Bool {
        originalLimits[id.description] != nil || originalSettings[id.description] != nil
    }

    /// Saves the device's setting from before this first change: a GPU's limit in `power_limits`, a miner's setting
    /// in `original_settings`. Without a ledger (tests of decisions) it is kept in memory only.
    func saveOriginal(_ write: PlannedWrite) async throws(LedgerError) {
        let key = write.device.description
        let time = Timestamp.now()
        if write.device.kind == .gpu {
            guard let watts = write.from.limitW else { return }
            originalLimits[key] = try await ledger?.saveOriginalPowerLimit(device: key, watts: watts, at: time) ?? watts
        } else {
            let text = SettingText.original(write.from, runningW: devices[write.device]?.runningW)
            originalSettings[key] = try await ledger?.saveOriginalSetting(device: key, setting: text, at: time) ?? text
        }
    }

    /// Forgets a restored original (in the ledger and here); a failure is logged and tried again at the next
    /// restore.
    func forgetOriginal(_ id: DeviceID) async {
        let key = id.description
        do throws(LedgerError) {
            if id.kind == .gpu {
                try await ledger?.forgetOriginalPowerLimit(device: key)
                originalLimits[key] = nil
            } else {
                try await ledger?.forgetOriginalSetting(device: key)
                originalSettings[key] = nil
            }
        } catch {
            logger.error("\(id): its restored original setting could not be forgotten: \(error)")
        }
    }

    /// The setting that restores the device's saved original; nil when none is saved.
    func restoreSetting(_ id: DeviceID) -> PowerSetting? {
        let key = id.description
        if let watts = originalLimits[key] { return .limit(watts) }
        guard let text = originalSettings[key], let (setting, draw) = SettingText.parseOriginal(text) else {
            return nil
        }
        switch setting {
        case .limit(let watts): return .limit(watts)
        case .step(let name): return .step(PowerStep(name: name, watts: draw ?? 0))
        case .running: return .step(PowerStep(name: Self.running, watts: draw ?? 0))
        case .asleep: return .sleep
        }
    }

    /// Whether `setting` is the device's saved original.
    func isOriginal(_ setting: PowerSetting, of id: DeviceID) -> Bool {
        guard let original = restoreSetting(id) else { return false }
        switch (original, setting) {
        case (.limit(let a), .limit(let b)): return abs(a - b) <= max(1, 0.02 * a)
        case (.step(let a), .step(let b)): return a.name == b.name
        case (.sleep, .sleep): return true
        default: return false
        }
    }

    /// Restores every device with a saved original (the plan withdrawn, or the agent stopping), and audits it.
    func liftAll(reason: String, at time: Timestamp, report: inout ControlReport) async {
        let saved = devices.filter { hasOriginal($0.key) && $0.value.actuator != nil }
        guard !saved.isEmpty else { return }
        for (id, device) in saved where device.state == nil { devices[id]?.age = settings.refreshEvery }
        await refreshStates()
        var writes: [PlannedWrite] = []
        for (id, _) in saved {
            guard let device = devices[id], let actuator = device.actuator, let state = device.state,
                let original = restoreSetting(id)
            else { continue }
            if Self.holds(state, original) {
                await forgetOriginal(id)
                continue
            }
            writes.append(
                PlannedWrite(
                    device: id, actuator: actuator, from: state, to: original,
                    reason: "\(reason): back to its setting from before the agent", restoring: true))
        }
        guard !settings.dryRun else { return }
        await perform(writes, notes: [], version: nil, at: time, report: &report)
    }

    /// Restores every device the agent changed (a clean stop). Returns the report of the writes.
    @discardableResult
    public func restoreAll(reason: String = "agent stopping") async -> ControlReport {
        var report = ControlReport(allocation: nil, planVersion: nil, measuredW: 0)
        await loadOriginals()
        await liftAll(reason: reason, at: .now(), report: &report)
        let left = originalLimits.count + originalSettings.count
        if left > 0 {
            logger.warning("\(left) devices keep a saved original setting (not restored now; restored at next start)")
        }
        return report
    }
}
