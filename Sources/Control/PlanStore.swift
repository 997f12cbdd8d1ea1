import FleetCore
import Foundation
import YAMLConfig

/// The site plan in force and where it came from. A new plan (the file re-read on SIGHUP, a `PUT /v1/plan`) is
/// checked as a whole first; one with any problem is rejected with every problem listed and the plan in force stays.
public actor PlanStore {
    /// A plan that passed its check, with what identifies it in the audit log.
    public struct Accepted: Sendable, Equatable {
        public var plan: SitePlan
        /// The YAML it was read from, as given.
        public var text: String
        /// `sha256:` and the first 12 hex digits of the text's SHA-256: the plan version in the audit log.
        public var version: String
        /// Where it came from: the file's path, or `api`.
        public var source: String
        public var acceptedAt: Timestamp
    }

    public private(set) var current: Accepted?
    /// The plan file re-read on SIGHUP; nil: plans come only through the API.
    public nonisolated let path: String?

    public init(path: String?) {
        self.path = path
    }

    /// Reads the plan file (`path`), checked against `inventory` where given; on success it is in force. Throws every problem; the plan in force stays.
    @discardableResult
    public func reload(
        inventory: DeviceInventory? = nil, at time: Timestamp = .now()
    ) throws(ConfigError)
        -> Accepted
    {
        guard let path else {
            throw ConfigError(
                file: "plan", problems: [ConfigProblem(path: "", line: nil, reason: "the config names no plan file")])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(
                file: path, problems: [ConfigProblem(path: "", line: nil, reason: "cannot be read: \(error)")])
        }
        return try accept(text, source: path, inventory: inventory, at: time)
    }

    /// Checks `text` as a whole and puts it in force; throws every problem and keeps the plan in force otherwise.
    @discardableResult
    public func accept(
        _ text: String, source: String, inventory: DeviceInventory? = nil, at time: Timestamp = .now()
    ) throws(ConfigError) -> Accepted {
        let plan = try SitePlan.parse(text, file: source, inventory: inventory)
        let accepted = Accepted(
            plan: plan, text: text, version: PlanVersion.of(text), source: source, acceptedAt: time)
        current = accepted
        return accepted
    }
}
