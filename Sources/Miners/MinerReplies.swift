import CGMinerJSON
import MinerRPC

/// What one poll got from one miner: each command's decoded reply or why it failed.
///
/// Families read it through the accessors, which treat a reply carrying an `E`/`F` STATUS like a failure.
public struct MinerReplies: Sendable {
    /// Result per command, as `CGMinerClient.read` returns it.
    public var results: [String: Result<CGMinerReply, CGMinerError>] {
        didSet { identityCache = nil }
    }

    /// `identityText`, once `MinerFamilies.detect` has made it for every family's `matches` to share.
    var identityCache: String?

    public init(_ results: [String: Result<CGMinerReply, CGMinerError>] = [:]) {
        self.results = results
    }

    /// The raw result for `command`, nil when it was not asked.
    public subscript(command: String) -> Result<CGMinerReply, CGMinerError>? { results[command] }

    /// The commands asked, sorted.
    public var commands: [String] { results.keys.sorted() }

    /// The reply to `command` when the miner answered it successfully (STATUS `S`, `I` or `W`).
    public func reply(_ command: String) -> CGMinerReply? {
        guard case .success(let reply) = results[command], !reply.status.isError else { return nil }
        return reply
    }

    /// The objects of `section` in the successful reply to `command`: `records("summary", "SUMMARY")`.
    public func records(_ command: String, _ section: String) -> [[String: JSONValue]] {
        reply(command)?.section(section).compactMap(\.objectValue) ?? []
    }

    /// The first object of `section` in the reply to `command`.
    public func record(_ command: String, _ section: String) -> [String: JSONValue]? {
        records(command, section).first
    }

    /// Why `command` has no usable reply, for a person: the client's error, the firmware's error STATUS,
    /// or "not asked"; nil when it was answered.
    public func problem(_ command: String) -> String? {
        switch results[command] {
        case .none:
            return "'\(command)' was not read"
        case .failure(let error):
            return error.description
        case .success(let reply) where reply.status.isError:
            let code = reply.status.code.map { " Code \($0)" } ?? ""
            return
                "miner answered '\(command)' with STATUS \(reply.status.letter)\(code): \(reply.status.message ?? "")"
        case .success:
            return nil
        }
    }

    /// True when at least one command got a reply from the firmware (even an error STATUS).
    public var anyAnswered: Bool {
        results.values.contains { result in
            switch result {
            case .success: return true
            case .failure(let error): return error.firmwareCode != nil
            }
        }
    }

    /// True when nothing was answered and every failure says the miner could not be reached.
    public var isUnreachable: Bool {
        !results.isEmpty
            && results.values.allSatisfy { result in
                if case .failure(let error) = result { return error.isUnreachable }
                return false
            }
    }

    /// These replies with `other`'s added; `other` wins where both have a command.
    public func merging(_ other: MinerReplies) -> MinerReplies {
        MinerReplies(results.merging(other.results) { _, new in new })
    }

    /// STATUS `Description` texts of every reply the firmware sent (`"bmminer 1.0.0"`, `"BOSminer+ 0.2.0-..."`).
    public var descriptions: [String] {
        results.keys.sorted().compactMap { key in
            guard case .success(let reply) = results[key] else { return nil }
            return reply.status.description
        }
    }
}
