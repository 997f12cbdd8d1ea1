import FleetCore

/// The API's query parameters, each checked with a reason a client can act on (the 400's body).
enum QueryParameters {
    struct Invalid: Error {
        let reason: String
    }

    /// `after` (default 0) and `limit` (default 1,000, at most 10,000) of `/v1/readings`.
    static func page(_ query: [String: String]) throws(Invalid) -> (after: Int64, limit: Int) {
        try unknown(query, allowed: ["after", "limit"])
        var after: Int64 = 0
        if let text = query["after"] {
            guard let value = Int64(text), value >= 0 else {
                throw Invalid(reason: "after must be a sequence number (a whole number ≥ 0), got '\(text)'")
            }
            after = value
        }
        var limit = 1_000
        if let text = query["limit"] {
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw Invalid(reason: "limit must be a whole number from 1 to 10000, got '\(text)'")
            }
            limit = value
        }
        return (after, limit)
    }

    /// `/v1/energy`'s `from`, `to` (RFC 3339), `step` (`15m`, `1h`, `1d`: a whole number of 15 minutes),
    /// `format` (`csv`, default `json`), `device`, `tenant`.
    static func energy(_ query: [String: String]) throws(Invalid) -> EnergyRequest {
        try unknown(query, allowed: ["from", "to", "step", "format", "device", "tenant"])
        guard let fromText = query["from"], let from = Timestamp(rfc3339: fromText) else {
            throw Invalid(reason: "from must be an RFC 3339 time such as 2026-12-01T00:00:00Z")
        }
        guard let toText = query["to"], let to = Timestamp(rfc3339: toText) else {
            throw Invalid(reason: "to must be an RFC 3339 time such as 2026-12-02T00:00:00Z")
        }
        guard from < to else { throw Invalid(reason: "from must be before to") }
        guard to.millisecondsSinceEpoch - from.millisecondsSinceEpoch <= 400 * 86_400_000 else {
            throw Invalid(reason: "at most 400 days per request")
        }
        let step = try self.step(query["step"] ?? "15m")
        let formatText = query["format"] ?? "json"
        guard let format = EnergyRequest.Format(rawValue: formatText) else {
            throw Invalid(reason: "format must be csv or json, got '\(formatText)'")
        }
        var device: DeviceID?
        if let text = query["device"] {
            guard let id = DeviceID(text) else {
                throw Invalid(reason: "device must be an id such as gpu:GPU-… or asic:…")
            }
            device = id
        }
        return EnergyRequest(from: from, to: to, step: step, format: format, device: device, tenant: query["tenant"])
    }

    static func step(_ text: String) throws(Invalid) -> Duration {
        let units: [Character: Int64] = ["m": 60, "h": 3_600, "d": 86_400]
        // The count is bounded before it is multiplied: a step of 999999999999999999d must be refused, not overflow.
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0,
            count <= 400 * 86_400 / unit, count * unit % 900 == 0
        else {
            throw Invalid(reason: "step must be a whole number of 15 minutes: 15m, 30m, 1h, 1d (got '\(text)')")
        }
        return .seconds(count * unit)
    }

    private static func unknown(_ query: [String: String], allowed: Set<String>) throws(Invalid) {
        if let extra = query.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Invalid(reason: "unknown parameter '\(extra)' (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}

extension EnergyRequest {
    /// `parameters` checked as `GET /v1/energy` checks its query (`from`, `to`, `step`, `format`, `device`,
    /// `tenant`), for other front ends such as `fleet-agent energy`; the error says what to send instead.
    public static func checked(_ parameters: [String: String]) throws(QueryRefused) -> EnergyRequest {
        do {
            return try QueryParameters.energy(parameters)
        } catch {
            throw QueryRefused(reason: error.reason)
        }
    }
}
