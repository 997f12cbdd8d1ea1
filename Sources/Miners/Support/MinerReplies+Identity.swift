import MinerRPC

extension MinerReplies {
    /// `VERSION[0]` of the `version` reply.
    var versionRecord: JSONRecord? { record("version", "VERSION") }

    /// Every `STATS` entry, from `stats` or else `estats`.
    var statsRecords: [JSONRecord] {
        let stats = records("stats", "STATS")
        return stats.isEmpty ? records("estats", "STATS") : stats
    }

    /// Bitmain-style `STATS[0]` header (`{"BMMiner": "1.0.0", "Miner": ..., "Type": "Antminer S19"}`), which still
    /// identifies the firmware when `version` is refused.
    var statsHeader: JSONRecord? {
        guard let first = statsRecords.first,
            first["Type"] != nil || first["BMMiner"] != nil || first["CGMiner"] != nil
        else { return nil }
        return first
    }

    /// `SUMMARY[0]`.
    var summaryRecord: JSONRecord? { record("summary", "SUMMARY") }

    /// Upper-cased identity strings for detection: version keys and values, the stats header, `devdetails` models,
    /// and every STATUS `Description` and `Msg` (`"BOSminer+ versions"`, `"whatsminer v1.3"`).
    var identityText: String {
        var parts: [String] = []
        for record in [versionRecord, statsHeader].compactMap({ $0 }) {
            for (key, value) in record {
                parts.append(key)
                if let text = value.stringValue { parts.append(text) }
            }
        }
        for record in records("devdetails", "DEVDETAILS") {
            if let model = record.text("Model") { parts.append(model) }
        }
        for key in results.keys.sorted() {
            guard case .success(let reply) = results[key] else { continue }
            if let description = reply.status.description { parts.append(description) }
            if let message = reply.status.message { parts.append(message) }
        }
        return parts.joined(separator: "\n").uppercased()
    }

    /// True when any identity string contains one of `needles` (upper-case ASCII), compared as UTF-8 bytes.
    func identityContains(_ needles: String...) -> Bool {
        var text = identityCache ?? identityText
        return text.withUTF8 { haystack in
            needles.contains { needle in
                var needle = needle
                return needle.withUTF8 { Self.bytes(haystack, contain: $0) }
            }
        }
    }

    private static func bytes(
        _ haystack: UnsafeBufferPointer<UInt8>, contain needle: UnsafeBufferPointer<UInt8>
    )
        -> Bool
    {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if UnsafeBufferPointer(rebasing: haystack[start..<(start + needle.count)]).elementsEqual(needle) {
                return true
            }
        }
        return false
    }

    /// These replies with `identityText` made once, for detection, which asks every family in turn.
    func withIdentityText() -> MinerReplies {
        var replies = self
        replies.identityCache = identityText
        return replies
    }

    /// The firmware's name and version from the STATUS `Description` (`"cgminer 4.9.2"`), first answered reply.
    var firstDescription: String? {
        for command in ["version", "summary", "stats", "pools", "devs", "edevs", "estats", "devdetails"] {
            if case .success(let reply) = results[command], let text = reply.status.description, !text.isEmpty {
                return text
            }
        }
        return descriptions.first { !$0.isEmpty }
    }
}
