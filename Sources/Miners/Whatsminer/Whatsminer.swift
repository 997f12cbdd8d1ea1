import FleetCore
import MinerRPC

/// MicroBT Whatsminer, btminer API v1/v2 on 4028 (old boxes call themselves `cgminer 4.9.2`).
///
/// `summary` has MH/s hashrates, `Power` (W), `Power Limit`, `Env Temp`, `Fan Speed In/Out`, `MAC` and
/// `Firmware Version` (in literal single quotes); `edevs` has per-board `Temperature` and `Chip Temp Max`;
/// `status` (STATUS as a string, `Msg` an object) says `btmineroff: "true"` while mining is stopped;
/// `devdetails` names the model. Hashrate follows pyasic: `MHS 1m` now, `MHS av` average.
public enum Whatsminer: MinerFamily {
    public static let name = "btminer"
    public static let extraCommands = ["edevs", "devdetails", "status"]

    public static func matches(_ replies: MinerReplies) -> Bool {
        if replies.identityContains("BTMINER", "WHATSMINER", "BITMICRO", "MICROBT") { return true }
        if let summary = replies.summaryRecord,
            summary["Fan Speed In"] != nil || summary["Power Mode"] != nil || summary["Factory GHS"] != nil
        {
            return true
        }
        // Whatsminer M3 stats: one `SMn` entry per hashboard with `temp_now_max`.
        return replies.statsRecords.contains { $0.text("ID")?.hasPrefix("SM") == true && $0["temp_now_max"] != nil }
    }

    /// The family's power control (`WhatsminerControl`).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        WhatsminerControl(endpoint: endpoint)
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        let summary = replies.summaryRecord
        reading.vendor = "MicroBT"
        reading.model = model(replies)
        reading.firmware = firmware(summary) ?? replies.firstDescription

        if let summary {
            reading.hashrateHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, anyOf: ["MHS 1m", "MHS 5s"], for: .hashrateHs))
            reading.hashrateAvgHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, "MHS av", for: .hashrateAvgHs))
            reading.setReportedPower(reading.number(summary, "Power", for: .powerW))
            reading.setPowerLimit(reading.number(summary, "Power Limit", for: .powerLimitW))
            reading.setFans([summary.number("Fan Speed In"), summary.number("Fan Speed Out")])
            if let id = DeviceID.asic(mac: summary.text("MAC")) { reading.device = id }
        } else {
            reading.fail(missing: "summary", in: replies, otherwise: "no SUMMARY")
        }
        applyTemperatures(replies, summary: summary, to: &reading)
        if reading.fansRPM == nil, let board = replies.records("edevs", "DEVS").first {
            reading.setFans([board.number("Fan Speed In"), board.number("Fan Speed Out")])
        }
        if isPoweredOff(replies) { reading.markSleeping() }
    }

    /// Per board from `edevs` (else the M3's `stats` entries), plus the summary's own sensors.
    private static func applyTemperatures(_ replies: MinerReplies, summary: JSONRecord?, to reading: inout Reading) {
        let boards = replies.records("edevs", "DEVS")
        var boardTemps = boards.map { $0.number("Temperature") }
        let chipTemps = boards.map { $0.number("Chip Temp Max") }
        if boardTemps.isEmpty {
            boardTemps = replies.statsRecords.filter { $0.text("ID")?.hasPrefix("SM") == true }
                .map { $0.number("temp_now_max") }
        }
        reading.setTemperatures(
            boards: boardTemps, chips: chipTemps, inlet: summary?.number("Env Temp"),
            others: [summary?.number("Temperature"), summary?.number("Chip Temp Max")])
    }

    /// `status` -> `Msg.btmineroff == "true"`: mining stopped (`power_off`), pyasic `_is_mining`.
    static func isPoweredOff(_ replies: MinerReplies) -> Bool {
        guard let message = replies.record("status", "Msg") else { return false }
        return message["btmineroff"]?.boolValue == true
    }

    /// `"'20200512.13.REL'"` -> `"btminer 20200512.13.REL"`.
    static func firmware(_ summary: JSONRecord?) -> String? {
        guard let text = summary?.text("Firmware Version") else { return nil }
        let version = text.trimmed("'").trimmed(" ")
        return version.isEmpty ? nil : "btminer \(version)"
    }

    /// `devdetails` `Model` (`"M30S+VE40"`) as `"Whatsminer M30S+VE40"`.
    static func model(_ replies: MinerReplies) -> String? {
        guard let model = replies.record("devdetails", "DEVDETAILS")?.text("Model")?.trimmed(" "), !model.isEmpty
        else { return nil }
        return model.uppercased().hasPrefix("WHATSMINER") ? model : "Whatsminer \(model)"
    }
}
