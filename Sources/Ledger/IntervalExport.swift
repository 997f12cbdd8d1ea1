import FleetCore

/// Energy intervals as CSV or JSON for billing, with exactly the columns of `EnergyInterval.columns`: `device`,
/// `tenant`, `start`, `end`, `energy_j`, `avg_w`, `peak_w`, `coverage`, `quality`. Times are RFC 3339 UTC with
/// milliseconds, numbers are in their shortest exact decimal form, an unknown value is empty (CSV) or `null` (JSON).
public enum IntervalExport {
    /// A header line and one line per row, each ending in `\n`. Fields holding a comma, a quote or a line break are
    /// quoted as RFC 4180 says.
    public static func csv(_ rows: [EnergyInterval]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 150 + 80)
        out.append(contentsOf: EnergyInterval.columns.joined(separator: ",").utf8)
        var times = TimeText()
        for row in rows {
            out.append(UInt8(ascii: "\n"))
            csvField(row.device, into: &out)
            out.append(UInt8(ascii: ","))
            csvField(row.tenant ?? "", into: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: times.text(row.start).utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: times.text(row.end).utf8)
            csvNumber(row.energyJ, into: &out)
            csvNumber(row.avgW, into: &out)
            csvNumber(row.peakW, into: &out)
            csvNumber(row.coverage, into: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: (row.quality?.rawValue ?? "").utf8)
        }
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array with one object per row (one per line), the keys in column order.
    public static func json(_ rows: [EnergyInterval]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 230 + 8)
        out.append(UInt8(ascii: "["))
        var times = TimeText()
        let keys = EnergyInterval.columns.enumerated().map { column, name in
            Array(((column == 0 ? "{" : ",") + "\"\(name)\":").utf8)
        }
        for (index, row) in rows.enumerated() {
            out.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            jsonValue(ReadingJSONWriter.quoted(row.device), key: keys[0], into: &out)
            jsonValue(row.tenant.map(ReadingJSONWriter.quoted) ?? "null", key: keys[1], into: &out)
            jsonValue(ReadingJSONWriter.quoted(times.text(row.start)), key: keys[2], into: &out)
            jsonValue(ReadingJSONWriter.quoted(times.text(row.end)), key: keys[3], into: &out)
            jsonValue(number(row.energyJ), key: keys[4], into: &out)
            jsonValue(number(row.avgW), key: keys[5], into: &out)
            jsonValue(number(row.peakW), key: keys[6], into: &out)
            jsonValue(number(row.coverage), key: keys[7], into: &out)
            jsonValue(row.quality.map { "\"\($0.rawValue)\"" } ?? "null", key: keys[8], into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: (rows.isEmpty ? "]\n" : "\n]\n").utf8)
        return String(decoding: out, as: UTF8.self)
    }

    private static func jsonValue(_ text: String, key: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: key)
        out.append(contentsOf: text.utf8)
    }

    /// The shortest decimal that reads back as the same double (Swift's own `description`); JSON's `null` for a
    /// value that is unknown or not finite.
    private static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return value.description
    }

    /// `,` and the number, or `,` alone for an unknown value.
    private static func csvNumber(_ value: Double?, into out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        if let value, value.isFinite { out.append(contentsOf: value.description.utf8) }
    }

    /// The field as is, or quoted with its quotes doubled when it holds a comma, a quote or a line break.
    private static func csvField(_ text: String, into out: inout [UInt8]) {
        let special = text.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard special else { return out.append(contentsOf: text.utf8) }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
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
