import FleetCore
import Miners

/// What a device's controls report, screened like its readings (`PlausibleRanges`): a limit, a range bound or a
/// step's watts that is not a finite number above 0 and within the plausible power of the device's kind is dropped,
/// with the reason, so that no impossible figure becomes a saved original, a maximum or a cap. A range whose minimum
/// is above its maximum loses both.
enum PowerStateScreen {
    static func screened(_ state: MinerPowerState, kind: DeviceKind) -> (state: MinerPowerState, dropped: [String]) {
        let upper = PlausibleRanges.range(.powerLimitW, for: kind)?.upper ?? .infinity
        func plausible(_ watts: Double) -> Bool { watts.isFinite && watts > 0 && watts <= upper }
        var screened = state
        var dropped: [String] = []
        func screen(_ value: Double?, _ name: String) -> Double? {
            guard let value else { return nil }
            if plausible(value) { return value }
            dropped.append("\(name) \(value)")
            return nil
        }
        screened.limitW = screen(state.limitW, "limit")
        screened.minW = screen(state.minW, "minimum")
        screened.maxW = screen(state.maxW, "maximum")
        if let min = screened.minW, let max = screened.maxW, min > max {
            dropped.append("range \(min)-\(max) (minimum above maximum)")
            (screened.minW, screened.maxW) = (nil, nil)
        }
        screened.steps = state.steps.filter { step in
            if plausible(step.watts) { return true }
            dropped.append("step \(step.name) at \(step.watts) W")
            return false
        }
        return (screened, dropped)
    }
}
