import FleetCore

/// One control action as the audit log keeps it: what was changed on which device, from what to what, why, under
/// which plan, and the value read back afterwards.
public struct AuditEntry: Sendable, Equatable {
    /// Assigned by the ledger, increasing; nil on an entry not yet appended.
    public var id: Int64?
    /// When the action was taken.
    public var time: Timestamp
    /// The device acted on.
    public var device: String
    /// What was done (`power_limit`, `sleep`, `restore`, ...).
    public var action: String
    /// The setting before, in the device's own terms (watts as a decimal, a mode name); nil when unknown.
    public var from: String?
    /// The setting asked for.
    public var to: String?
    /// Why, for a person (`plan window`, `operator`, `restore on stop`).
    public var reason: String
    /// The version of the site plan that asked for it; nil for an operator's command.
    public var planVersion: String?
    /// The value read back after the write; nil when it could not be read.
    public var verifiedValue: String?
    /// How it ended: `verified`, `not_applied` (the device said yes and kept its old setting), `failed` (with the
    /// error in `reason`), `dry_run` (computed, not written), `unsupported`; nil on entries of older agents.
    public var outcome: String?

    /// An entry; `id` is left nil for one not yet appended.
    public init(
        id: Int64? = nil, time: Timestamp, device: String, action: String, from: String?, to: String?,
        reason: String, planVersion: String?, verifiedValue: String?, outcome: String? = nil
    ) {
        self.id = id
        self.time = time
        self.device = device
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.planVersion = planVersion
        self.verifiedValue = verifiedValue
        self.outcome = outcome
    }
}
