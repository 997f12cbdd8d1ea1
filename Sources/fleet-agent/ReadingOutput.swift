import FleetCore
import Foundation

/// Prints readings for a person (a table) or for a program (one JSON object per line).
enum ReadingOutput {
    static func jsonLine(_ reading: Reading) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(reading) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ readings: [Reading]) -> String {
        let header = ["ADDRESS", "DEVICE", "MODEL", "FIRMWARE", "STATUS", "HASHRATE", "POWER", "LIMIT", "TEMP", "FANS"]
        var rows = [header]
        var errors: [String] = []
        for r in readings {
            rows.append([
                r.address, r.device, r.model ?? "-", r.firmware ?? "-", r.status.rawValue,
                hashrate(r.hashrateHs), power(r.powerW, r.powerQuality), r.powerLimitW.map { "\(Int($0.rounded())) W" } ?? "-",
                r.tempMaxC.map { String(format: "%.0f °C", $0) } ?? "-",
                r.fansRPM.map { $0.map { String(Int($0)) }.joined(separator: "/") } ?? "-",
            ])
            if let error = r.error { errors.append("\(r.address): \(error)") }
        }
        var out = TextTable.lines(rows)
        out += errors.map { "  ! " + $0 }
        return out.joined(separator: "\n")
    }

    static func hashrate(_ hs: Double?) -> String {
        guard let hs else { return "-" }
        let units: [(Double, String)] = [(1e15, "PH/s"), (1e12, "TH/s"), (1e9, "GH/s"), (1e6, "MH/s"), (1e3, "kH/s")]
        for (scale, unit) in units where hs >= scale {
            return String(format: "%.2f ", hs / scale) + unit
        }
        return String(format: "%.0f H/s", hs)
    }

    static func power(_ watts: Double?, _ quality: PowerQuality?) -> String {
        guard let watts else { return "-" }
        let tag: String
        switch quality {
        case .measured: tag = "meas"
        case .reported: tag = "rep"
        case .estimated: tag = "est"
        case nil: tag = "?"
        }
        return "\(Int(watts.rounded())) W \(tag)"
    }
}
