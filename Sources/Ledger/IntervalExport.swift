import FleetCore
import Foundation

/// Energy intervals as CSV or JSON for billing, with exactly the columns of `EnergyInterval.columns`: `device`,
/// `tenant`, `start`, `end`, `energy_j`, `avg_w`, `peak_w`, `coverage`, `quality`. Times are RFC 3339 UTC with
/// milliseconds, numbers are in their shortest exact decimal form, an unknown value is empty (CSV) or `null` (JSON).
public enum IntervalExport {
    /// A header line and one line per row, each ending in `\n`. Fields holding a comma, a quote or a line break are
    /// quoted as RFC 4180 says.
    public static func csv(_ rows: [EnergyInterval]) -> String {
        var out = EnergyInterval.columns.joined(separator: ",") + "\n"
        var times = TimeText()
        for row in rows {
            let fields = [
                csvField(row.device), csvField(row.tenant ?? ""), times.text(row.start), times.text(row.end),
                number(row.energyJ), row.avgW.map(number) ?? "", row.peakW.map(number) ?? "", number(row.coverage),
                row.quality?.rawValue ?? "",
            ]
            out += fields.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// A JSON array with one object per row (one per line), the keys in column order.
    public static func json(_ rows: [EnergyInterval]) -> String {
        var out = "["
        var times = TimeText()
        for (index, row) in rows.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            let quoted = ReadingJSONWriter.quoted
            let values = [
                quoted(row.device), row.tenant.map(quoted) ?? "null", quoted(times.text(row.start)),
                quoted(times.text(row.end)), number(row.energyJ), row.avgW.map(number) ?? "null",
                row.peakW.map(number) ?? "null", number(row.coverage),
                row.quality.map { quoted($0.rawValue) } ?? "null",
            ]
            out += "{"
            for (column, (name, value)) in zip(EnergyInterval.columns, values).enumerated() {
                if column > 0 { out += "," }
                out += "\"\(name)\":\(value)"
            }
            out += "}"
        }
        out += rows.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    /// The shortest decimal that reads back as the same double; JSON's `null` for a value JSON cannot hold.
    private static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// RFC 3339 text of the last two times seen: rows of one interval share their start and end.
    private struct TimeText {
        private var cache: [(Timestamp, String)] = []

        mutating func text(_ time: Timestamp) -> String {
            if let hit = cache.first(where: { $0.0 == time }) { return hit.1 }
            let text = time.rfc3339
            cache.append((time, text))
            if cache.count > 2 { cache.removeFirst() }
            return text
        }
    }
}
