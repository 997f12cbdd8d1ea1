/// A decoded JSON value from a miner reply. Sendable, so replies can cross task boundaries.
public enum JSONValue: Sendable, Equatable {
    /// `null`, and what the repair pass made of `nan`, `inf` and numbers beyond a double.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any JSON number, as the nearest double.
    case number(Double)
    /// A string, escapes resolved.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; a repeated key keeps its last value.
    case object([String: JSONValue])

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; nil out of range or for a value that is not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The text, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A boolean, also from a number (non-zero is true) or a string (`true`/`y`/`yes`/`1`, `false`/`n`/`no`/`0`).
    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s):
            switch s.lowercased() {
            case "true", "y", "yes", "1": return true
            case "false", "n", "no", "0": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A number, also from a numeric string (`"GHS 5s": "13500.12"` on Bitmain firmware). Non-finite values are `nil`.
    public var doubleValue: Double? {
        switch self {
        case .number(let n): return n.isFinite ? n : nil
        case .string(let s):
            guard let n = Double(s.trimmingSpaces()), n.isFinite else { return nil }
            return n
        default: return nil
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
