import CGMinerJSON
import MinerRPC

/// Recorded replies rewritten for a fixture miner's power state: parsed (with the repair pass), members changed by
/// key, written back as JSON text. Only used once a control changed the state; the recorded bytes are served as
/// they are until then.
enum ReplyJSON {
    /// The report commands whose replies follow the power state; every other reply (`pools` above all) is served as
    /// recorded whatever the state.
    static let reports: Set<String> = ["summary", "stats", "estats", "devs", "edevs"]

    static func parse(_ bytes: [UInt8]) -> JSONValue? { try? CGMinerJSON.parse(bytes).value }

    /// JSON text of `value` (members in key order).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return number(n)
        case .string(let s): return JSONText.quoted(s)
        case .array(let a): return "[" + a.map(text).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { "\(JSONText.quoted($0)):\(text(o[$0] ?? .null))" }.joined(separator: ",")
                + "}"
        }
    }

    static func bytes(_ value: JSONValue) -> [UInt8] { Array(text(value).utf8) }

    /// Integers without a fraction, others to two decimals (as the firmware prints them).
    static func number(_ n: Double) -> String {
        guard n.isFinite else { return "0" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(Int64((n * 100).rounded())).withDecimalPoint
    }

    /// `value` with every object member, at any depth, that `rule` maps replaced by what it returns.
    static func map(_ value: JSONValue, _ rule: (String, JSONValue) -> JSONValue?) -> JSONValue {
        switch value {
        case .array(let a): return .array(a.map { map($0, rule) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (key, member) in o { out[key] = rule(key, member) ?? map(member, rule) }
            return .object(out)
        default: return value
        }
    }

    /// A number, or a numeric string (Bitmain's `"GHS 5s": "13500.12"`), multiplied by `factor`; nil otherwise.
    static func scaled(_ value: JSONValue, by factor: Double) -> JSONValue? {
        switch value {
        case .number(let n): return .number(n * factor)
        case .string(let s):
            guard let n = Double(s) else { return nil }
            return .string(number(n * factor))
        default: return nil
        }
    }

    /// A hashrate member: `MHS 5s`, `GHS av`, `chain_rate1`, `total_rate` (not the nominal / ideal figures).
    static func isHashrate(_ key: String) -> Bool {
        key.hasPrefix("MHS ") || key.hasPrefix("GHS ") || key == "total_rate" || key == "total rate"
            || (key.hasPrefix("chain_rate") && !key.contains("ideal"))
    }

    /// The recorded reply to `command` with hashrates scaled by `fraction` and `power` applied to the members it
    /// maps; nil when the recorded bytes do not parse (they are then served as they are).
    static func rewrite(
        _ recorded: [UInt8], hashFraction fraction: Double, power: (String, JSONValue) -> JSONValue? = { _, _ in nil }
    ) -> [UInt8]? {
        guard let value = parse(recorded) else { return nil }
        return bytes(
            map(value) { key, member in
                if isHashrate(key) { return scaled(member, by: fraction) }
                return power(key, member)
            })
    }
}

extension String {
    /// `"12345"` (hundredths) as `"123.45"`.
    fileprivate var withDecimalPoint: String {
        var digits = self
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        while digits.count < 3 { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -2))
        return (negative ? "-" : "") + digits
    }
}
