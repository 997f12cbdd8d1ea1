import FleetCore
import Yams

/// Reads one YAML mapping by key with typed getters, collecting a `ConfigProblem` (with the key's path and line)
/// for each wrong type, and for each key nobody asked for (`finish`). Scalars are read by YAML 1.2 core rules:
/// `true`/`false`, numbers, and text; a quoted scalar is always text.
public struct YAMLFields {
    public let path: String
    private let mapping: Node.Mapping?
    private let line: Int?
    private var asked: Set<String> = []
    /// Problems found so far, shared by the fields of nested mappings.
    public private(set) var problems: [ConfigProblem] = []

    /// `node` must be a mapping (or absent: then every field has its default).
    public init(_ node: Node?, path: String) {
        self.path = path
        line = node.map(Self.line(of:)) ?? nil
        switch node {
        case .mapping(let mapping)?:
            self.mapping = mapping
        case nil:
            mapping = nil
        case let other?:
            mapping = nil
            problems.append(ConfigProblem(path: path, line: Self.line(of: other), reason: "expected a mapping of keys"))
        }
    }

    public static func line(of node: Node) -> Int? {
        switch node {
        case .scalar(let s): return s.mark.map { $0.line }
        case .mapping(let m): return m.mark.map { $0.line }
        case .sequence(let s): return s.mark.map { $0.line }
        case .alias(let a): return a.mark.map { $0.line }
        }
    }

    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The node under `key`, nil when absent or `null`.
    public mutating func node(_ key: String) -> Node? {
        asked.insert(key)
        guard let node = mapping?[key] else { return nil }
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
            return nil
        }
        return node
    }

    /// Records a problem with `key`, at its value's line (else the mapping's).
    public mutating func problem(_ key: String, _ node: Node?, _ reason: String) {
        let at = node ?? mapping?[key]
        problems.append(ConfigProblem(path: keyPath(key), line: at.map(Self.line(of:)) ?? line, reason: reason))
    }

    /// Whether the document is a mapping (or absent), so that its keys can be read at all.
    public var isMapping: Bool { problems.isEmpty }

    public mutating func absorb(_ other: YAMLFields) { problems += other.problems }

    /// Text under `key` (any scalar; numbers are kept as written).
    public mutating func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let s) = node else {
            problem(key, node, "expected text")
            return nil
        }
        return s.string
    }

    public mutating func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let value = Bool(s.string.lowercased()) else {
            problem(key, node, "expected true or false")
            return nil
        }
        return value
    }

    /// A finite number under `key` within `range`.
    public mutating func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let value = Double(s.string), value.isFinite else {
            problem(key, node, "expected a number")
            return nil
        }
        guard range.contains(value) else {
            problem(key, node, "must be between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound))")
            return nil
        }
        return value
    }

    /// A whole number under `key` within `range`.
    public mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let s) = node, s.style == .plain, let value = Int(s.string) else {
            problem(key, node, "expected a whole number")
            return nil
        }
        guard range.contains(value) else {
            problem(key, node, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    /// The items under `key`, nil when absent; a problem when it is not a list.
    public mutating func sequence(_ key: String) -> [Node]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let items) = node else {
            problem(key, node, "expected a list")
            return nil
        }
        return Array(items)
    }

    /// Names every key of the mapping that was never asked for (a typo, or a key of another version).
    public mutating func finish() {
        guard let mapping else { return }
        for (key, value) in mapping {
            guard case .scalar(let name) = key else {
                problems.append(ConfigProblem(path: path, line: Self.line(of: key), reason: "keys must be text"))
                continue
            }
            if !asked.contains(name.string) {
                problems.append(
                    ConfigProblem(
                        path: keyPath(name.string), line: Self.line(of: value),
                        reason: "unknown key (known here: \(asked.sorted().joined(separator: ", ")))"))
            }
        }
    }

    private static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
