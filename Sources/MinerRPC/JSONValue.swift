/// A decoded JSON value from a miner reply. Sendable, so replies can cross task boundaries.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

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
    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
