import CGMinerJSON
import FleetCore
import MinerRPC

extension Reading {
    /// The number under the first of `keys` in `record` that holds one, also from numeric text (`"13883.81"`).
    /// Infinite values are returned (the plausibility screen names them); `nan`, `null` and empty text mean "not
    /// reported" and give nil. When no key holds a number but one holds something else (`"abc"`, `true`, an
    /// object), that value is named in `rejected` under `field` as not a number.
    mutating func number(_ record: JSONRecord?, _ keys: String..., for field: ReadingField) -> Double? {
        number(record, anyOf: keys, for: field)
    }

    /// `number(_:_:for:)` over a list of keys.
    mutating func number(_ record: JSONRecord?, anyOf keys: [String], for field: ReadingField) -> Double? {
        guard let record else { return nil }
        var wrong: (String, JSONValue)?
        for key in keys {
            guard let value = record[key] else { continue }
            switch value {
            case .number(let n):
                if !n.isNaN { return n }
            case .string(let text):
                let trimmed = text.trimmingBlanks()
                if trimmed.isEmpty || trimmed.lowercased() == "nan" { continue }
                if let n = Double(trimmed) { return n }
                if wrong == nil { wrong = (key, value) }
            case .null:
                continue
            case .bool, .array, .object:
                if wrong == nil { wrong = (key, value) }
            }
        }
        if let (key, value) = wrong {
            reject(
                RejectedValue(
                    field: field.rawValue, value: Self.describe(value),
                    reason: "not a number (the firmware's '\(key)')"))
        }
        return nil
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"" + String(text.prefix(40)) + (text.count > 40 ? "…" : "") + "\""
        case .bool(let flag): return flag ? "true" : "false"
        case .array: return "[array]"
        case .object: return "{object}"
        case .number(let n): return NumberText.plain(n)
        case .null: return "null"
        }
    }
}
