import FleetCore

/// What `GET /v1/plan` and `PUT /v1/plan` ask of the agent's plan store (the agent implements it).
public protocol PlanAccess: Sendable {
    /// The plan in force; nil when none is.
    func current() async -> PlanInForce?
    /// Checks `text` as a whole (against the host's devices) and, when it passes, puts it in force.
    func replace(_ text: String) async -> PlanReplacement
}

/// A plan in force, as `GET /v1/plan` shows it.
public struct PlanInForce: Sendable, Equatable {
    /// The YAML as given.
    public var text: String
    /// The version the audit log names it by.
    public var version: String
    /// The file it was read from, or `api`.
    public var source: String
    public var acceptedAt: Timestamp

    public init(text: String, version: String, source: String, acceptedAt: Timestamp) {
        self.text = text
        self.version = version
        self.source = source
        self.acceptedAt = acceptedAt
    }
}

/// How a `PUT /v1/plan` ended.
public enum PlanReplacement: Sendable, Equatable {
    /// In force; `persisted` says where it was written (the config's plan file), or why it was not.
    case accepted(PlanInForce, persisted: String)
    /// Rejected whole, with every problem (`path (line N): reason`); the plan in force stays.
    case rejected([String])
}
