import FleetCore
import Foundation
import Yams

extension SitePlan {
    /// Loads and checks the plan at `path` (with `inventory`, also against the host's devices). Throws
    /// `ConfigError` listing every problem, each with its key path and line; a plan with any problem is rejected
    /// whole.
    public static func load(path: String, inventory: DeviceInventory? = nil) throws(ConfigError) -> SitePlan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(
                file: path, problems: [ConfigProblem(path: "", line: nil, reason: "cannot be read: \(error)")])
        }
        return try parse(text, file: path, inventory: inventory)
    }

    /// Parses YAML `text` (named `file` in errors) and checks the plan as a whole: YAML syntax, unknown keys, wrong
    /// types, then `problems(inventory:)`.
    public static func parse(
        _ text: String, file: String, inventory: DeviceInventory? = nil
    ) throws(ConfigError)
        -> SitePlan
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(file: file, problems: [ConfigProblem(path: "", line: nil, reason: "not YAML: \(error)")])
        }
        var reader = SitePlanReader()
        guard let plan = reader.read(root) else { throw ConfigError(file: file, problems: reader.problems) }
        var problems = reader.problems
        // The plan's own checks, placed at the line of the path they name; none about a list item the reader already
        // faulted (it holds stand-ins), nor a path faulted twice.
        let faulted = Set(problems.flatMap { [$0.path, Self.item($0.path)] })
        for var problem in plan.problems(inventory: inventory)
        where !faulted.contains(problem.path) && !faulted.contains(Self.item(problem.path)) {
            problem.line = reader.line(of: problem.path)
            problems.append(problem)
        }
        guard problems.isEmpty else {
            // In the file's order (a stable sort: problems of one line keep theirs).
            let ordered = problems.enumerated().sorted { ($0.1.line ?? 0, $0.0) < ($1.1.line ?? 0, $1.0) }.map(\.1)
            throw ConfigError(file: file, problems: ordered)
        }
        return plan
    }

    /// The list item a path is in (`devices[2]` of `devices[2].cap_w`), else the path.
    static func item(_ path: String) -> String {
        guard let close = path.firstIndex(of: "]") else { return path }
        return String(path[...close])
    }
}
