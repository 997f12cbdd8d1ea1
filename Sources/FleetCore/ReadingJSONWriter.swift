/// Writes the line `ReadingOutput.jsonLine` writes, byte for byte, without going through `JSONEncoder`: the same
/// keys (from `Reading.CodingKeys`), sorted the same way, the same fields present or `null`, numbers and strings
/// formatted as Foundation's encoder formats them. About thirty times faster, which is what lets the ledger store
/// tens of thousands of readings a second. For what it cannot guarantee to write identically (a rejected value
/// whose bounds are not finite), it hands over to `ReadingOutput.jsonLine`.
public enum ReadingJSONWriter {
    /// The reading as one line of JSON with sorted keys, identical to `ReadingOutput.jsonLine(reading)`.
    public static func line(_ reading: Reading) -> String {
        String(decoding: utf8(reading), as: UTF8.self)
    }

    /// The same line as UTF-8 bytes (what the ledger stores, without making a `String` of it first).
    public static func utf8(_ reading: Reading) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, name) in sortedKeys where isPresent(key, in: reading) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: name)
            guard writeValue(of: key, in: reading, into: &out) else {
                return Array(ReadingOutput.jsonLine(reading).utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `text` as a JSON string literal, escaped exactly as in the reading lines (for other JSON the agent writes).
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        string(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Every key with its JSON text (`"key":`), in the order `.sortedKeys` puts them (by their UTF-8 bytes).
    private static let sortedKeys: [(Reading.CodingKeys, [UInt8])] = Reading.CodingKeys.allCases.sorted {
        $0.stringValue.utf8.lexicographicallyPrecedes($1.stringValue.utf8)
    }.map { key in
        var name: [UInt8] = []
        string(key.stringValue, into: &name)
        name.append(UInt8(ascii: ":"))
        return (key, name)
    }

    /// Whether `Reading.encode(to:)` writes `key` at all (it writes most keys even when their value is null).
    private static func isPresent(_ key: Reading.CodingKeys, in r: Reading) -> Bool {
        switch key {
        case .seq: return r.seq != nil
        case .gpuUtilPct, .memUsedBytes, .memTotalBytes, .smClockMHz, .pstate, .throttle: return r.kind == .gpu
        case .powerSource: return r.powerSource != nil
        case .rejected: return !(r.rejected?.isEmpty ?? true)
        default: return true
        }
    }

    /// Writes `key`'s value; false when it cannot be written as `JSONEncoder` would.
    private static func writeValue(of key: Reading.CodingKeys, in r: Reading, into out: inout [UInt8]) -> Bool {
        switch key {
        case .seq: digits(r.seq ?? 0, into: &out)
        case .time: time(r.time, into: &out)
        case .host: string(r.host, into: &out)
        case .device: string(r.device.description, into: &out)
        case .kind: string(r.kind.rawValue, into: &out)
        case .address: string(r.address, into: &out)
        case .vendor: string(r.vendor, into: &out)
        case .model: string(r.model, into: &out)
        case .firmware: string(r.firmware, into: &out)
        case .status: string(r.status.rawValue, into: &out)
        case .error: string(r.error, into: &out)
        case .powerW: write(r.powerW, into: &out)
        case .powerQuality: string(r.powerQuality?.rawValue, into: &out)
        case .powerLimitW: write(r.powerLimitW, into: &out)
        case .energyJ: write(r.energyJ, into: &out)
        case .energyEpoch: string(r.energyEpoch, into: &out)
        case .tenant: string(r.tenant, into: &out)
        case .hashrateHs: write(r.hashrateHs, into: &out)
        case .hashrateAvgHs: write(r.hashrateAvgHs, into: &out)
        case .tempMaxC: write(r.tempMaxC, into: &out)
        case .tempChipC: write(r.tempChipC, into: &out)
        case .tempBoardC: write(r.tempBoardC, into: &out)
        case .tempInletC: write(r.tempInletC, into: &out)
        case .fansRPM: write(r.fansRPM, into: &out)
        case .gpuUtilPct: write(r.gpuUtilPct, into: &out)
        case .memUsedBytes: write(r.memUsedBytes, into: &out)
        case .memTotalBytes: write(r.memTotalBytes, into: &out)
        case .smClockMHz: write(r.smClockMHz, into: &out)
        case .pstate: string(r.pstate, into: &out)
        case .throttle: write(r.throttle, into: &out)
        case .powerSource: string(r.powerSource, into: &out)
        case .rejected: return rejectedList(r.rejected ?? [], into: &out)
        }
        return true
    }

    private static func write(_ values: [Double]?, into out: inout [UInt8]) {
        list(values, into: &out) { write($0, into: &$1) }
    }

    private static func write(_ values: [String]?, into out: inout [UInt8]) {
        list(values, into: &out) { string($0, into: &$1) }
    }

    /// `[a,b,...]` with each element written by `element`; `null` for no list.
    private static func list<Element>(
        _ values: [Element]?, into out: inout [UInt8], _ element: (Element, inout [UInt8]) -> Void
    ) {
        guard let values else { return text("null", into: &out) }
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element(value, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func string(_ value: String?, into out: inout [UInt8]) {
        guard let value else { return text("null", into: &out) }
        string(value, into: &out)
    }

    /// `RejectedValue`'s synthesized encoding: `field`, `lower`, `reason`, `unit`, `upper`, `value` in that (sorted)
    /// order, the optional ones only when present. A bound that is not finite makes `JSONEncoder` throw, and
    /// `jsonLine` then writes its fallback line: false hands over to it.
    private static func rejectedList(_ values: [RejectedValue], into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            for bound in [value.lower, value.upper] where bound.map({ !$0.isFinite }) ?? false { return false }
            text("{\"field\":", into: &out)
            string(value.field, into: &out)
            if let lower = value.lower {
                text(",\"lower\":", into: &out)
                write(lower, into: &out)
            }
            text(",\"reason\":", into: &out)
            string(value.reason, into: &out)
            if let unit = value.unit {
                text(",\"unit\":", into: &out)
                string(unit, into: &out)
            }
            if let upper = value.upper {
                text(",\"upper\":", into: &out)
                write(upper, into: &out)
            }
            text(",\"value\":", into: &out)
            string(value.value, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    /// A number as `JSONEncoder` writes it: Swift's shortest form without a trailing `.0`; `null` when not finite
    /// (what `Reading.encode` writes for those). Whole numbers below 10^15 (printed as plain digits either way) are
    /// written digit by digit, without making a string.
    private static func write(_ value: Double?, into out: inout [UInt8]) {
        guard let value, value.isFinite else { return text("null", into: &out) }
        if value == value.rounded(.towardZero), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            return digits(Int64(value), into: &out)
        }
        let description = value.description
        text(description.hasSuffix(".0") ? String(description.dropLast(2)) : description, into: &out)
    }

    private static func digits(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var reversed:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// `Timestamp.rfc3339` (`2026-11-28T09:56:33.123Z`), the civil date worked out from the day number (Howard
    /// Hinnant's `civil_from_days`) rather than through `gmtime_r` and string interpolation. Years outside 0...9999
    /// go through `rfc3339` itself.
    private static func time(_ time: Timestamp, into out: inout [UInt8]) {
        let ms = time.millisecondsSinceEpoch
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else { return string(time.rfc3339, into: &out) }
        out.append(UInt8(ascii: "\""))
        padded(year, 4, into: &out)
        out.append(UInt8(ascii: "-"))
        padded(month, 2, into: &out)
        out.append(UInt8(ascii: "-"))
        padded(day, 2, into: &out)
        out.append(UInt8(ascii: "T"))
        padded(secondOfDay / 3600, 2, into: &out)
        out.append(UInt8(ascii: ":"))
        padded(secondOfDay / 60 % 60, 2, into: &out)
        out.append(UInt8(ascii: ":"))
        padded(secondOfDay % 60, 2, into: &out)
        out.append(UInt8(ascii: "."))
        padded(ms - seconds * 1000, 3, into: &out)
        text("Z\"", into: &out)
    }

    private static func padded(_ value: Int64, _ width: Int, into out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A string as `JSONEncoder` writes it with `.withoutEscapingSlashes`: `"` and `\` escaped, `\n \r \t \b \f`
    /// by name, other control characters below U+0020 as `\u00xx` (lowercase hex), everything else as is.
    private static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var contiguous = value  // `withUTF8` makes a non-contiguous string contiguous; a native one is not copied
        contiguous.withUTF8 { escaped($0, into: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `bytes`, escaped; runs of bytes that need no escape are copied whole.
    private static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        for (index, byte) in bytes.enumerated()
        where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): text("\\\"", into: &out)
            case UInt8(ascii: "\\"): text("\\\\", into: &out)
            case 0x0A: text("\\n", into: &out)
            case 0x0D: text("\\r", into: &out)
            case 0x09: text("\\t", into: &out)
            case 0x08: text("\\b", into: &out)
            case 0x0C: text("\\f", into: &out)
            default:
                let hex = Array("0123456789abcdef".utf8)
                text("\\u00", into: &out)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    private static func text(_ ascii: String, into out: inout [UInt8]) {
        out.append(contentsOf: ascii.utf8)
    }
}
