import FleetCore
import MinerRPC

/// Any other cgminer-compatible firmware: hashrate from `summary` (`MHS` keys, or `GHS` keys), the STATUS
/// `Description` as firmware. Last in detection order; it only needs an answered `summary`.
public enum GenericCGMiner: MinerFamily {
    public static let name = "cgminer"
    public static let extraCommands: [String] = []

    public static func matches(_ replies: MinerReplies) -> Bool { replies.summaryRecord != nil }

    public static func normalize(_ replies: MinerReplies, into reading: inout Reading) {
        reading.firmware = replies.firstDescription
        guard let summary = replies.summaryRecord else {
            reading.fail(missing: "summary", in: replies, otherwise: "no SUMMARY")
            return
        }
        if summary["MHS 5s"] != nil || summary["MHS av"] != nil {
            reading.hashrateHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, anyOf: ["MHS 5s", "MHS 1m"], for: .hashrateHs))
            reading.hashrateAvgHs = HashUnit.mega.hashesPerSecond(
                reading.number(summary, "MHS av", for: .hashrateAvgHs))
        } else {
            reading.hashrateHs = HashUnit.giga.hashesPerSecond(reading.number(summary, "GHS 5s", for: .hashrateHs))
            reading.hashrateAvgHs = HashUnit.giga.hashesPerSecond(
                reading.number(summary, "GHS av", for: .hashrateAvgHs))
        }
        reading.setTemperatures(boards: [summary.number("Temperature")], chips: [])
    }
}
