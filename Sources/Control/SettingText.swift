import FleetCore
import Miners

/// Settings as the audit log and the saved originals write them: `600 W`, `asleep`, `step normal (3250 W)`.
enum SettingText {
    static func of(_ setting: PowerSetting) -> String {
        switch setting {
        case .limit(let watts): "\(NumberText.fixed(watts)) W"
        case .step(let step): "step \(step.name) (\(NumberText.fixed(step.watts)) W)"
        case .sleep: "asleep"
        case .uncontrolled: "not controlled"
        }
    }

    static func of(_ state: MinerPowerState) -> String {
        if state.asleep { return "asleep" }
        if let step = state.step { return "step \(step)" }
        if let limit = state.limitW { return "\(NumberText.fixed(limit)) W" }
        return "running"
    }

    /// A miner's original setting, saved before the first change: `limit 3600`, `step 3250 normal`, `running 3250`,
    /// `asleep -` (the number after `step`, `running` and `asleep` is the draw while it ran, `-` when unknown, so that a
    /// miner found asleep after a restart can be given its running power again; a step's name, which may hold
    /// spaces, is the rest of the line).
    static func original(_ state: MinerPowerState, runningW: Double?) -> String {
        let draw = runningW.map { NumberText.fixed($0) } ?? "-"
        if state.asleep { return "asleep " + draw }
        if let step = state.step { return "step \(draw) \(step)" }
        if let limit = state.limitW { return "limit " + NumberText.fixed(limit) }
        return "running " + draw
    }

    /// The setting `original` stands for, and the draw it recorded.
    static func parseOriginal(_ text: String) -> (setting: OriginalSetting, drawW: Double?)? {
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count >= 2 else { return nil }
        let number = Double(words[1])
        switch words[0] {
        case "limit":
            guard words.count == 2, let watts = number else { return nil }
            return (.limit(watts), watts)
        case "step":
            guard words.count == 3 else { return nil }
            return (.step(words[2]), number)
        case "running" where words.count == 2: return (.running, number)
        case "asleep" where words.count == 2: return (.asleep, number)
        default: return nil
        }
    }
}

/// What a miner was set to before the agent changed it.
enum OriginalSetting: Equatable {
    case limit(Double)
    case step(String)
    case running
    case asleep
}
