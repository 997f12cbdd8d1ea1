import Foundation

/// Prints readings for a person (a table) or for a program (one JSON object per line). Both are total: every
/// `Double` (huge, infinite, NaN) and every string (control characters, escapes) formats without trapping, and no
/// device-supplied text reaches the terminal raw.
public enum ReadingOutput {
    /// One reading as one line of JSON (sorted keys). Every line carries at least `address`, `device` and `status`.
    public static func jsonLine(_ reading: Reading) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(reading) { return String(decoding: data, as: UTF8.self) }
        // Unreachable while `Reading.encode` writes non-finite numbers as null; kept so that a line is never empty.
        let minimal = [
            "address": reading.address, "device": reading.device.description, "status": DeviceStatus.error.rawValue,
            "error": "the reading could not be encoded",
        ]
        return (try? encoder.encode(minimal)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func table(_ readings: [Reading]) -> String {
        let header = ["ADDRESS", "DEVICE", "MODEL", "FIRMWARE", "STATUS", "HASHRATE", "POWER", "LIMIT", "TEMP", "FANS"]
        var rows = [header]
        var notes: [String] = []
        for r in readings {
            rows.append([
                r.address, r.device.description, r.model ?? "-", r.firmware ?? "-", r.status.rawValue,
                hashrate(r.hashrateHs), power(r.powerW, r.powerQuality),
                r.powerLimitW.map { NumberText.fixed($0) + " W" } ?? "-",
                r.tempMaxC.map { NumberText.fixed($0) + " °C" } ?? "-",
                r.fansRPM.map { $0.map { NumberText.fixed($0) }.joined(separator: "/") } ?? "-",
            ])
            if let error = r.error { notes.append("  ! \(r.address): \(error)") }
            for rejected in r.rejected ?? [] { notes.append("  ? \(r.address): rejected \(rejected)") }
        }
        var out = TextTable.lines(rows)
        out += notes.map(VisibleText.escaping)
        return out.joined(separator: "\n")
    }

    public static func hashrate(_ hs: Double?) -> String {
        guard let hs else { return "-" }
        guard hs.isFinite else { return NumberText.plain(hs) + " H/s" }
        let units: [(Double, String)] = [(1e15, "PH/s"), (1e12, "TH/s"), (1e9, "GH/s"), (1e6, "MH/s"), (1e3, "kH/s")]
        for (scale, unit) in units where hs >= scale {
            return NumberText.fixed(hs / scale, decimals: 2) + " " + unit
        }
        return NumberText.fixed(hs) + " H/s"
    }

    public static func power(_ watts: Double?, _ quality: PowerQuality?) -> String {
        guard let watts else { return "-" }
        let tag: String
        switch quality {
        case .measured: tag = "meas"
        case .reported: tag = "rep"
        case .estimated: tag = "est"
        case nil: tag = "?"
        }
        return NumberText.fixed(watts) + " W " + tag
    }
}
