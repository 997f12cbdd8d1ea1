import FleetCore
import Miners

extension ControlStep {
    /// The device as allocation sees it: its reading's capability (`ControlPaths`), refined by what its actuator read
    /// (a GPU's NVML constraints, a miner's profiles or range), or no control where there is no actuator. Nothing is
    /// ever offered above the setting saved from before the agent's first change.
    func inventoryDevice(for reading: Reading) -> InventoryDevice {
        var device = InventoryDevice(reading: reading)
        guard let known = devices[reading.device] else { return device }
        let family = device.capability.family
        switch known.lookup {
        case .none(let reason):
            device.capability = DeviceCapability(control: .none(reason: reason), canSleep: false, family: family)
        case .actuator(let actuator):
            guard let state = known.state else { return device }
            let original = originalW(of: reading.device, state: state)
            if state.takesLimits, original == nil {
                // A limit the device does not give (or gave as an impossible figure), and none saved: a write could
                // never be undone, so none is made.
                device.capability = DeviceCapability(
                    control: .none(reason: "its power limit cannot be read"), canSleep: false, family: actuator.family)
            } else if reading.kind == .gpu {
                let maxW = [state.maxW, original].compactMap { $0 }.min()
                device.capability = DeviceCapability(
                    control: .continuous(minW: state.minW, maxW: maxW), canSleep: false, family: actuator.family)
                device.limitW = state.limitW
            } else if !state.steps.isEmpty {
                // Up to the step it had before the agent first changed it.
                let ceiling = originalStepW(of: reading.device, state: state)
                let steps = state.steps.filter { step in ceiling.map { step.watts <= $0 } ?? true }
                device.capability = DeviceCapability(
                    control: .steps(steps.isEmpty ? Array(state.steps.prefix(1)) : steps), canSleep: true,
                    family: actuator.family)
            } else if state.takesLimits {
                let maxW = [state.maxW, original].compactMap { $0 }.min()
                device.capability = DeviceCapability(
                    control: .continuous(minW: state.minW, maxW: maxW), canSleep: true, family: actuator.family)
                device.limitW = state.limitW
            } else {
                // Sleep and wake only: its one running setting draws what it drew while running.
                let running = known.runningW ?? savedDraw(of: reading.device)
                device.capability = DeviceCapability(
                    control: .steps(running.map { [PowerStep(name: Self.running, watts: $0)] } ?? []), canSleep: true,
                    family: actuator.family)
            }
        }
        return device
    }

    /// The name of the one running setting of a miner that can only be slept and woken.
    static let running = MinerPowerState.running

    /// The limit the device had before the agent first changed it: the saved one, else the one in force now (a
    /// device the agent has not changed).
    func originalW(of id: DeviceID, state: MinerPowerState) -> Double? {
        let key = id.description
        if let saved = originalLimits[key] { return saved }
        if let text = originalSettings[key], let parsed = SettingText.parseOriginal(text),
            case .limit(let watts) = parsed.setting
        {
            return watts
        }
        return state.limitW
    }

    /// The watts of the step a miner had before the agent first changed it: the saved one, else the one in force
    /// now; nil when unknown (asleep with nothing saved, a step not in its list).
    func originalStepW(of id: DeviceID, state: MinerPowerState) -> Double? {
        var name = state.asleep ? nil : state.step
        if let text = originalSettings[id.description], let parsed = SettingText.parseOriginal(text) {
            switch parsed.setting {
            case .step(let saved): name = saved
            case .running, .asleep, .limit: name = nil
            }
        }
        guard let name else { return nil }
        return state.steps.first { $0.name == name }?.watts
    }

    /// The draw saved with a miner's original setting.
    func savedDraw(of id: DeviceID) -> Double? {
        originalSettings[id.description].flatMap { SettingText.parseOriginal($0)?.drawW }
    }

    /// Whether `state` is `setting`: a limit within 1 W (2 % where firmware rounds), the named step (any running
    /// state for a miner that has no steps), asleep.
    ///
    /// A limit holds when the one in force is at most 1 W above it (firmware and NVML round) and at most 2 % below
    /// it: never above what allocation gave, and no write (a Whatsminer restarts on each) for a raise of a few watts.
    public static func holds(_ state: MinerPowerState, _ setting: PowerSetting) -> Bool {
        switch setting {
        case .step(let step) where state.steps.isEmpty:
            !state.asleep && (step.name == running || state.step == step.name)
        case .limit(let watts):
            !state.asleep && state.limitW.map { $0 <= watts + 1 && $0 >= watts - max(1, 0.02 * watts) } == true
        default: state.satisfies(setting)
        }
    }

    /// The watts a setting stands for (0 asleep), for telling a raise from a lowering.
    static func watts(of setting: PowerSetting) -> Double {
        switch setting {
        case .limit(let watts): watts
        case .step(let step): step.watts
        case .sleep, .uncontrolled: 0
        }
    }

    /// The watts the device's state stands for.
    func watts(of state: MinerPowerState, device: ControlledDevice) -> Double {
        if state.asleep { return 0 }
        if let step = state.step, let found = state.steps.first(where: { $0.name == step }) { return found.watts }
        if let limit = state.limitW { return limit }
        return device.runningW ?? .infinity
    }
}
