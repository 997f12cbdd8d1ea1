import FleetCore
import Ledger
import Logging
import Miners

/// The control step of each poll cycle (DESIGN "The flow"): after the cycle's readings are stored, allocate the plan
/// in force among the host's devices, compare with what is in force, write what differs through each device's
/// actuator, read it back, and append every write and its outcome to the ledger's audit log.
///
/// Safety (DESIGN "Safety rules"): a lowering is written at once; a raise waits for the device's hold time and its
/// turn in the ramp-up; a write that fails or does not take is retried with a doubling backoff and reported; each
/// device's setting from before the first change is saved in the ledger before that change, and restored when its
/// cap is lifted (no rule covers it any more, the plan is withdrawn) or the agent stops cleanly. A device is never
/// raised above its saved original: a GPU's limit, a miner's power limit, come back to what they were, not beyond.
/// In dry-run every decision is computed and audited, and nothing is written.
public actor ControlStep {
    public let host: String
    public let plans: PlanStore
    let ledger: Ledger?
    let settings: ControlSettings
    let logger: Logger
    let lookup: @Sendable (Reading) async -> ActuatorLookup
    let clock = ContinuousClock()

    var devices: [DeviceID: ControlledDevice] = [:]
    /// Saved originals, by device id text (GPU limits in watts; miners as `SettingText.original`).
    var originalLimits: [String: Double] = [:]
    var originalSettings: [String: String] = [:]
    var originalsLoaded = false
    /// The last inventory allocated over (for checking a plan sent to the API against the host's devices).
    public private(set) var inventory = DeviceInventory([])

    /// - Parameters:
    ///   - ledger: where originals are saved and the audit log kept; nil only in tests of pure decisions.
    ///   - lookup: the actuator for a device's reading (made once per device and address).
    public init(
        host: String, plans: PlanStore, ledger: Ledger?, settings: ControlSettings = ControlSettings(),
        logger: Logger = Logger(label: "fleet-agent.control"),
        lookup: @escaping @Sendable (Reading) async -> ActuatorLookup
    ) {
        self.host = host
        self.plans = plans
        self.ledger = ledger
        self.settings = settings
        self.logger = logger
        self.lookup = lookup
    }

    /// One step over the cycle's `readings` at `time`.
    public func run(_ readings: [Reading], at time: Timestamp = .now()) async -> ControlReport {
        await loadOriginals()
        await track(readings)
        let measured = readings.reduce(0) { $0 + ($1.powerW ?? 0) }
        guard let accepted = await plans.current else {
            inventory = DeviceInventory(readings.map { inventoryDevice(for: $0) })
            var report = ControlReport(allocation: nil, planVersion: nil, measuredW: measured)
            // A plan file that failed its check holds what is in force (lifting every cap could overload the
            // host); with no plan configured at all, whatever the agent capped before goes back.
            if plans.path == nil { await liftAll(reason: "no plan in force", at: time, report: &report) }
            return report
        }
        await refreshStates()
        inventory = DeviceInventory(readings.map { inventoryDevice(for: $0) })
        let allocation = PowerAllocator.allocate(plan: accepted.plan, inventory: inventory, at: time)
        var report = ControlReport(allocation: allocation, planVersion: accepted.version, measuredW: measured)
        let began = clock.now
        var notes: [AuditEntry] = []
        let writes = plannedWrites(allocation, version: accepted.version, at: time, report: &report, notes: &notes)
        await perform(writes, notes: notes, version: accepted.version, at: time, report: &report)
        report.applyDuration = clock.now - began
        return report
    }

    /// Makes each new device's actuator, and notes the draw of every running device.
    func track(_ readings: [Reading]) async {
        for reading in readings {
            if let known = devices[reading.device], known.address == reading.address {
                // A device without an actuator is looked up again now and then (its family found, its credentials
                // file fixed).
                if known.actuator == nil {
                    devices[reading.device]?.age += 1
                    if known.age >= settings.refreshEvery {
                        devices[reading.device]?.lookup = await lookup(reading)
                        devices[reading.device]?.age = 0
                    }
                }
            } else {
                let found = await lookup(reading)
                devices[reading.device] = ControlledDevice(lookup: found, address: reading.address)
            }
            if reading.status == .ok, let watts = reading.powerW, watts > 0 {
                devices[reading.device]?.runningW = watts
            }
        }
    }

    /// Reads the state of every device with an actuator whose state is unknown or due a refresh, at once.
    func refreshStates() async {
        var due: [(DeviceID, any PowerActuator)] = []
        for (id, device) in devices {
            guard let actuator = device.actuator else { continue }
            if device.state == nil || device.age >= settings.refreshEvery {
                due.append((id, actuator))
            } else {
                devices[id]?.age += 1
            }
        }
        let deadline = settings.deviceDeadline
        let states = await withTaskGroup(of: (DeviceID, Result<MinerPowerState, MinerControlError>).self) { group in
            for (id, actuator) in due {
                group.addTask { (id, await withDeadline(deadline, "read") { await actuator.readState() }) }
            }
            var states: [(DeviceID, Result<MinerPowerState, MinerControlError>)] = []
            for await state in group { states.append(state) }
            return states
        }
        for (id, result) in states {
            switch result {
            case .success(let state):
                let kept = screened(state, of: id)
                devices[id]?.state = kept
                devices[id]?.readError = nil
                devices[id]?.age = 0
            case .failure(let error):
                devices[id]?.age = 0
                devices[id]?.readError = error
                logger.debug("\(id): its power setting could not be read: \(error)")
            }
        }
    }

    /// `state` screened for impossible figures (`PowerStateScreen`); what was dropped is logged once per device and
    /// figure.
    func screened(_ state: MinerPowerState, of id: DeviceID) -> MinerPowerState {
        let (kept, dropped) = PowerStateScreen.screened(state, kind: id.kind)
        if !dropped.isEmpty, devices[id]?.screenLogged != dropped {
            devices[id]?.screenLogged = dropped
            logger.warning(
                "\(id): its controls reported what cannot be true, not used: \(dropped.joined(separator: ", "))")
        }
        return kept
    }

    /// Loads the saved originals once (a restart after a crash finds the ones it must restore).
    func loadOriginals() async {
        guard !originalsLoaded, let ledger else { return }
        do {
            originalLimits = try await ledger.reader.originalPowerLimits()
            originalSettings = try await ledger.reader.originalSettings()
            originalsLoaded = true
            let saved = originalLimits.count + originalSettings.count
            if saved > 0 { logger.notice("\(saved) devices have settings saved from before the agent changed them") }
        } catch {
            logger.error("the saved original settings could not be read (retried next cycle): \(error)")
        }
    }
}
