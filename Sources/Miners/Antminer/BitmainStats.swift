import FleetCore
import MinerRPC

/// The Bitmain `stats` layout shared by stock bmminer/cgminer, VNish and LuxOS: `STATS[0]` header
/// (`BMMiner`/`CGMiner`, `Miner`, `CompileTime`, `Type`) and one device entry with `GHS 5s`, `GHS av`, `rate_unit`,
/// `fan1..16`, `temp1..16` (board), `temp2_N`/`temp3_N` (chip), `temp_pcbN`/`temp_chipN` dash strings, `Mode`,
/// `miner_id`.
struct BitmainStats {
    let device: JSONRecord?

    init(_ replies: MinerReplies) {
        device = replies.statsRecords.first { record in
            record["GHS 5s"] != nil || record["GHS av"] != nil || record["fan_num"] != nil || record["temp_num"] != nil
        }
    }

    /// The unit of the `GHS` keys: `rate_unit` when given, else GH/s, except Bitmain's scrypt models, which keep
    /// the `GHS` key names but mean MH/s (`bitmaintech/bmminer#11`, Antminer L3).
    func hashUnit(model: String?) -> HashUnit {
        if let text = device?.text("rate_unit"), let unit = HashUnit(rateUnit: text) { return unit }
        if let model, model.uppercased().hasPrefix("ANTMINER L") { return .mega }
        return .giga
    }

    /// Current hashrate (`GHS 5s`) in H/s.
    func hashrate(model: String?) -> Double? {
        hashUnit(model: model).hashesPerSecond(device?.number("GHS 5s"))
    }

    /// Average since start (`GHS av`, else `rate_30m`/`GHS 30m`) in H/s.
    func averageHashrate(model: String?) -> Double? {
        hashUnit(model: model).hashesPerSecond(device?.number(anyOf: ["GHS av", "rate_30m", "GHS 30m"]))
    }

    /// Board (PCB) and chip temperature per chain, hottest sensor of each, in chain order.
    var temperatures: (boards: [Double?], chips: [Double?]) {
        guard let device else { return ([], []) }
        var boards: [Double?] = []
        var chips: [Double?] = []
        for n in 1...16 {
            let pcb = device.text("temp_pcb\(n)").map(Celsius.dashSeparated) ?? []
            boards.append(pcb.max() ?? Celsius.valid(device.number("temp\(n)")))
            let chip = device.text("temp_chip\(n)").map(Celsius.dashSeparated) ?? []
            let chipKeys = [device.number("temp2_\(n)"), device.number("temp3_\(n)")].compactMap(Celsius.valid)
            chips.append(chip.max() ?? chipKeys.max())
        }
        return (boards, chips)
    }

    /// Fan speeds `fan1..fan16` (slot numbers vary by model, so `fan_num` is not trusted).
    var fans: [Double?] {
        guard let device else { return [] }
        return (1...16).map { device.number("fan\($0)") }
    }

    /// `Mode: 254` = asleep on the S17/T17 generation (Foreman `StockPowerModeStrategy`). On S19 `Mode` is 2 when
    /// running and sleep is only visible in the web configuration.
    var isSleeping: Bool { device?.number("Mode") == 254 }

    /// `asic:<miner_id>` (the control board's id) when reported.
    var deviceID: DeviceID? { DeviceID.asic(serial: device?.text("miner_id")) }

    /// Fills hashrate, temperatures, fans, device id and sleep state.
    func apply(to reading: inout Reading) {
        reading.hashrateHs = hashrate(model: reading.model)
        reading.hashrateAvgHs = averageHashrate(model: reading.model)
        let temps = temperatures
        reading.setTemperatures(boards: temps.boards, chips: temps.chips)
        reading.setFans(fans)
        if let id = deviceID { reading.device = id }
        if isSleeping { reading.markSleeping() }
    }
}

/// Model names as Bitmain prints them in `Type`.
enum BitmainModel {
    /// The model the Bitmain firmwares name: `version`'s `Type`, else the `stats` header's.
    static func of(_ replies: MinerReplies) -> String? {
        clean(replies.versionRecord?.text("Type") ?? replies.statsHeader?.text("Type"))
    }

    /// `"Antminer S9\nV1.3.58"` -> `"Antminer S9"`; `"Antminer S9 (vnish 3.8.6)"` -> `"Antminer S9"`.
    static func clean(_ type: String?) -> String? {
        guard let type else { return nil }
        var line = Substring(type.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
        if let paren = line.firstIndex(of: "(") { line = line[..<paren] }
        let model = String(line).trimmed(" ")
        return model.isEmpty ? nil : model
    }
}
