import FleetCore
import MinerRPC

/// Bitmain's own firmware on Antminers (S9 ... S19/S21): Bitmain's bmminer or cgminer build.
///
/// Everything comes from `stats` (hashrate in `GHS` keys with `rate_unit`, dash-joined temperature strings,
/// `Mode: 254` sleep on S17/T17); stock firmware reports no power, so it is estimated from the nameplate table.
public enum AntminerStock: MinerFamily {
    public static let name = "bmminer"
    public static let extraCommands: [String] = []

    public static func matches(_ replies: MinerReplies) -> Bool {
        if let version = replies.versionRecord {
            if version["BMMiner"] != nil { return true }
            if version["CGMiner"] != nil, version.text("Type")?.uppercased().contains("ANTMINER") == true {
                return true
            }
        }
        if let header = replies.statsHeader, header.text("Type")?.uppercased().contains("ANTMINER") == true {
            return true
        }
        return replies.firstDescription?.lowercased().hasPrefix("bmminer") == true
    }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        let identity = replies.versionRecord ?? replies.statsHeader
        reading.vendor = "Bitmain"
        reading.model = BitmainModel.of(replies)
        reading.firmware = firmware(identity) ?? replies.firstDescription
        let stats = BitmainStats(replies)
        if stats.device != nil {
            stats.apply(to: &reading)
        } else {
            applySummary(replies, to: &reading)
        }
    }

    /// The web interface's work modes on the models that have them (S19, S21, T19, T21, as `ControlPaths` says);
    /// nil for older models (S17/T17 take a form write this control does not implement, S9 has none).
    public static func control(_ endpoint: MinerEndpoint, reading: Reading) -> (any MinerControl)? {
        let model = (reading.model ?? "").lowercased()
        guard ["s19", "s21", "t19", "t21"].contains(where: { model.contains($0) }) else { return nil }
        return AntminerWebControl(endpoint, reading: reading)
    }

    /// `"bmminer 1.0.0"` / `"cgminer 4.9.0"` from the `BMMiner` / `CGMiner` version key.
    static func firmware(_ record: JSONRecord?) -> String? {
        guard let record else { return nil }
        if let v = record.text("BMMiner") { return "bmminer \(v)" }
        if let v = record.text("CGMiner") { return "cgminer \(v)" }
        return nil
    }

    /// Hashrate from `summary` when `stats` gave nothing (`GHS 5s`, `GHS av`; GH/s).
    private static func applySummary(_ replies: MinerReplies, to reading: inout Reading) {
        guard let summary = replies.summaryRecord else {
            reading.fail(missing: "stats", in: replies, otherwise: "no device entry")
            return
        }
        reading.hashrateHs = HashUnit.giga.hashesPerSecond(reading.number(summary, "GHS 5s", for: .hashrateHs))
        reading.hashrateAvgHs = HashUnit.giga.hashesPerSecond(reading.number(summary, "GHS av", for: .hashrateAvgHs))
    }
}
