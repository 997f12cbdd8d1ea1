import FleetCore
import Ledger

/// One audit entry as `GET /v1/actions` serves it (one JSON object per line).
struct AuditLine: Encodable {
    let id: Int64
    let time: String
    let device: String
    let action: String
    let from: String?
    let to: String?
    let reason: String
    let planVersion: String?
    let verified: String?
    let outcome: String?

    init(_ entry: AuditEntry) {
        id = entry.id ?? 0
        time = entry.time.rfc3339
        device = entry.device
        action = entry.action
        from = entry.from
        to = entry.to
        reason = entry.reason
        planVersion = entry.planVersion
        verified = entry.verifiedValue
        outcome = entry.outcome
    }

    enum CodingKeys: String, CodingKey {
        case id, time, device, action, from, to, reason, verified, outcome
        case planVersion = "plan_version"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(time, forKey: .time)
        try c.encode(device, forKey: .device)
        try c.encode(action, forKey: .action)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(reason, forKey: .reason)
        try c.encode(planVersion, forKey: .planVersion)
        try c.encode(verified, forKey: .verified)
        try c.encode(outcome, forKey: .outcome)
    }
}
