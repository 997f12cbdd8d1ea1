/// The work modes of stock Bitmain firmware on S19 and later, as `set_miner_conf.cgi` takes them in `miner-mode`
/// (ASIC-APIS.md §2.1 and §4; pyasic `config/mining` `as_am_modern`; Foreman `StockPowerModeAction`).
public enum AntminerMode: Int, Sendable, CaseIterable {
    case normal = 0
    case sleep = 1
    case lowPower = 3

    /// The step name the control reports (`MinerPowerState.step`); sleep is `asleep`, not a step.
    public var stepName: String? {
        switch self {
        case .normal: "normal"
        case .lowPower: "low-power"
        case .sleep: nil
        }
    }

    /// The mode `get_miner_conf.cgi` reports in `bitmain-work-mode`: `"1"` is recorded for sleep (corpus
    /// `antminer-s19-bmminer/cgi-bin_get_miner_conf.cgi.sleeping.json`); `"0"` and `"3"` are read the same way as
    /// `miner-mode`'s values, an assumption no capture confirms yet.
    public init?(workMode: String) {
        guard let value = Int(workMode.trimmed(" ")), let mode = AntminerMode(rawValue: value) else { return nil }
        self = mode
    }

    /// The mode for a step name, nil for a name the firmware does not have.
    public init?(stepName: String) {
        guard let mode = Self.allCases.first(where: { $0.stepName == stepName }) else { return nil }
        self = mode
    }
}
