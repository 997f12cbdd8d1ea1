/// One thing wrong in a YAML file the agent reads: where (the key's path and the line), and why.
public struct ConfigProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key's path: `http.listen`, `miners[2].address`; empty for the document itself.
    public var path: String
    /// 1-based line in the file, where the parser gave one.
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = path.isEmpty ? "the document" : path
        return line.map { "line \($0): \(place): \(reason)" } ?? "\(place): \(reason)"
    }
}

/// Every problem of one file, all listed (a file is rejected whole, never applied in part).
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [ConfigProblem]

    public init(file: String, problems: [ConfigProblem]) {
        self.file = file
        self.problems = problems
    }

    public var description: String {
        "\(file): " + (problems.count == 1 ? "" : "\(problems.count) problems:\n  ")
            + problems.map(\.description).joined(separator: "\n  ")
    }
}
