/// The samples of a Prometheus text exposition (what the agent serves on `/metrics`), for comparing with what a
/// Prometheus server made of it.
struct ExpositionText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let samples: [Sample]

    /// Parses every sample line (`name{label="value",…} 1.5`); comments and blank lines are skipped. A line that is
    /// not a sample throws.
    init(_ text: String) throws {
        samples = try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map {
            try Self.sample(Substring($0))
        }
    }

    /// The samples of metric `name` whose labels include every one of `labels`.
    func samples(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    struct NotASample: Error, CustomStringConvertible {
        let line: String
        var description: String { "not a sample line: \(line)" }
    }

    private static func sample(_ line: Substring) throws -> Sample {
        var rest = line[...]
        let name = String(rest.prefix { $0 != "{" && $0 != " " })
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = String(rest.prefix { $0 != "=" })
                rest = rest.dropFirst(key.count)
                guard rest.hasPrefix("=\"") else { throw NotASample(line: String(line)) }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.popFirst(), character != "\"" {
                    value.append(character == "\\" ? Self.unescape(rest.popFirst()) : character)
                }
                labels[key] = value
                if rest.first == "," { rest = rest.dropFirst() }
                guard !rest.isEmpty else { throw NotASample(line: String(line)) }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard !name.isEmpty, let first = fields.first, let value = Double(first) else {
            throw NotASample(line: String(line))
        }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func unescape(_ character: Character?) -> Character {
        character == "n" ? "\n" : character ?? "\\"
    }
}
