import FleetCore
import MinerRPC

/// LuxOS (LUXminer) on Antminers: Bitmain-like `stats`, `summary` in GH/s (`GHS 5s`), power from `power`
/// (`POWER[0].Watts`), fans from `fans`, MAC from `config` (`MACAddr`) - as pyasic's LuxOS backend reads them.
///
/// Curtailment (`curtail sleep`) shows in `config` as `CONFIG[0].CurtailMode` `"Sleep"` (`"None"` otherwise; field as
/// the bitcap-ipr LuxOS response models and a Home Assistant LuxOS integration read it - no recorded capture of it
/// is at hand): such a miner reads `sleeping`.
public enum LuxOS: MinerFamily {
    public static let name = "luxos"
    public static let extraCommands = ["power", "fans", "config"]

    public static func matches(_ replies: MinerReplies) -> Bool {
        replies.identityContains("LUXMINER", "LUXOS")
    }

    /// The family's power control (`LuxOSControl`).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        LuxOSControl(endpoint: endpoint)
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        let version = replies.versionRecord
        reading.vendor = "Bitmain"
        reading.model = BitmainModel.of(replies)
        reading.firmware = version?.text("LUXminer").map { "LUXminer \($0)" } ?? replies.firstDescription

        let stats = BitmainStats(replies)
        if stats.device != nil { stats.apply(to: &reading) }
        if let summary = replies.summaryRecord {
            let unit = stats.hashUnit(model: reading.model)
            reading.hashrateHs =
                unit.hashesPerSecond(
                    reading.number(summary, "GHS 5s", for: .hashrateHs)) ?? reading.hashrateHs
            reading.hashrateAvgHs =
                unit.hashesPerSecond(
                    reading.number(summary, "GHS av", for: .hashrateAvgHs)) ?? reading.hashrateAvgHs
        } else if stats.device == nil {
            reading.fail(missing: "summary", in: replies, otherwise: "no SUMMARY")
        }
        let fans = replies.records("fans", "FANS").map { $0.number("RPM") }
        if !fans.isEmpty { reading.setFans(fans) }
        if let mac = DeviceID.asic(mac: replies.record("config", "CONFIG")?.text("MACAddr")) { reading.device = mac }
        reading.setReportedPower(reading.number(replies.record("power", "POWER"), "Watts", for: .powerW))
        if isCurtailed(replies) { reading.markSleeping() }
    }

    /// `config` `CONFIG[0].CurtailMode == "Sleep"`: put to sleep by `curtail`.
    static func isCurtailed(_ replies: MinerReplies) -> Bool {
        replies.record("config", "CONFIG")?.text("CurtailMode")?.lowercased() == "sleep"
    }
}
