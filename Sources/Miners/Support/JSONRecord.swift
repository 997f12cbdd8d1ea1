import CGMinerJSON
import MinerRPC

/// One object of a reply section (`SUMMARY[0]`, a `STATS` entry, ...), with lookups that tolerate the types firmware
/// actually sends (numbers as strings, `"nan"`).
typealias JSONRecord = [String: JSONValue]

extension Dictionary where Key == String, Value == JSONValue {
    /// A finite number under `key`, also from a numeric string (`"GHS 5s": "13883.81"`).
    func number(_ key: String) -> Double? { self[key]?.doubleValue }

    /// A string under `key`.
    func text(_ key: String) -> String? { self[key]?.stringValue }

    /// The first of `keys` that holds a number.
    func number(anyOf keys: [String]) -> Double? {
        for key in keys {
            if let value = number(key) { return value }
        }
        return nil
    }
}
