import FleetCore
import MinerRPC

/// One family's power controls for one miner (ASIC-APIS.md, "Power capping and curtailment"): read the setting in
/// force, put the miner in another. Only the agent's control step calls these (DESIGN: only `Control` changes
/// hardware). A control changes only what it means to change: where a firmware's write replaces a whole
/// configuration, every other setting (pools, passwords, fan settings) is carried through as it was read.
public protocol MinerControl: Sendable {
    /// The family's control name (`luxos`, `bosminer`, `avalon`, `btminer`, `bitmain`, `vnish`), for the audit.
    var family: String { get }

    /// Reads the setting in force and what the miner offers (its steps, its range). Every write is verified by the
    /// caller through this read.
    func state() async throws(MinerControlError) -> MinerPowerState

    /// Puts the miner in `setting`: `.limit(W)` (families whose state `takesLimits`), `.step(step)` (one of
    /// `state().steps`, or `MinerPowerState.running` for a family that can only sleep and wake: mining resumed at the
    /// firmware's own setting), `.sleep`; a miner asleep is woken first when the setting is a limit or a step.
    /// `.uncontrolled` is refused.
    /// `current` is the state last read, so a control that must carry settings through has them. Returns when the
    /// firmware has accepted the write; it does not verify (the caller reads `state()` back).
    func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError)
}

/// A miner's power setting as its control reads it.
public struct MinerPowerState: Sendable, Equatable {
    /// Mining stopped by a control (curtail sleep, pause, power_off, soft off, sleep mode).
    public var asleep: Bool
    /// The continuous limit in force, watts (Whatsminer `Power Limit`, Braiins power target); nil where none.
    public var limitW: Double?
    /// The name of the discrete setting in force (a LuxOS profile, an Avalon work level, a VNish preset, a Bitmain
    /// mode); nil for continuous families.
    public var step: String?
    /// The discrete settings the miner offers, ascending by watts (watts as the firmware states them, else the
    /// family's documented estimate); empty for continuous families.
    public var steps: [PowerStep]
    /// Whether the miner takes continuous limits (`.limit(W)`): Whatsminer's `adjust_power_limit`, a GPU's NVML
    /// limit. A firmware that reports a limit it cannot be set to over this path (Braiins' power target) says false.
    public var takesLimits: Bool
    /// The range a continuous limit may take, watts; nil where the firmware does not say.
    public var minW: Double?
    public var maxW: Double?
    /// Everything a write must leave as it was (pools, other configuration), as `key: value` text, for the check
    /// that a write changed only what it meant to. Never holds credentials.
    public var preserved: [String: String]

    /// The step that stands for "mining, at the firmware's own setting" on a miner that can only sleep and wake.
    public static let running = "running"

    public init(
        asleep: Bool, limitW: Double? = nil, step: String? = nil, steps: [PowerStep] = [], takesLimits: Bool = false,
        minW: Double? = nil, maxW: Double? = nil, preserved: [String: String] = [:]
    ) {
        self.asleep = asleep
        self.limitW = limitW
        self.step = step
        self.steps = steps
        self.takesLimits = takesLimits
        self.minW = minW
        self.maxW = maxW
        self.preserved = preserved
    }

    /// Whether this state is `setting` (a limit within 1 W, or within 2 % where the firmware rounds).
    public func satisfies(_ setting: PowerSetting) -> Bool {
        switch setting {
        case .sleep: return asleep
        case .limit(let watts):
            guard !asleep, let limitW else { return false }
            return abs(limitW - watts) <= max(1, 0.02 * watts)
        case .step(let wanted): return !asleep && step == wanted.name
        case .uncontrolled: return true
        }
    }
}

/// Why a control could not read or change a miner. Never carries a credential.
public enum MinerControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family or model has no such control (e.g. a limit on a firmware with only modes).
    case unsupported(String)
    /// Credentials missing, unreadable, or refused by the miner.
    case credentials(String)
    /// The firmware answered and refused the command (STATUS E, HTTP 4xx/5xx), with its words.
    case refused(String)
    /// No answer: connection refused, timeout, dropped mid-reply.
    case unreachable(String)
    /// An answer the control cannot understand.
    case malformed(String)

    public var description: String {
        switch self {
        case .unsupported(let why): "not supported: \(why)"
        case .credentials(let why): "credentials: \(why)"
        case .refused(let why): "refused: \(why)"
        case .unreachable(let why): "unreachable: \(why)"
        case .malformed(let why): "malformed reply: \(why)"
        }
    }
}
