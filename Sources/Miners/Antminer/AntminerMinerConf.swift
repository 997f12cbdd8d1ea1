import CGMinerJSON
import MinerRPC

/// The configuration stock Antminer firmware serves at `/cgi-bin/get_miner_conf.cgi` and takes back at
/// `/cgi-bin/set_miner_conf.cgi`, as one JSON object.
///
/// The two sides name two keys differently (corpus `antminer-s19-bmminer/`, a recorded get and a recorded set):
/// the get's `bitmain-work-mode` is the set's `miner-mode`, and the get's `bitmain-freq-level` the set's `freq-level`.
/// A write sends every member read, unchanged, under the set's names for those two, with only the mode changed.
struct AntminerMinerConf: Sendable {
    static let workModeKey = "bitmain-work-mode"
    static let freqLevelKey = "bitmain-freq-level"

    var members: [String: JSONValue]

    init(members: [String: JSONValue]) {
        self.members = members
    }

    /// Parses a get reply; throws `.malformed` for anything but a JSON object.
    init(bytes: [UInt8], from source: String) throws(MinerControlError) {
        let parsed: CGMinerJSON.Parsed
        do {
            parsed = try CGMinerJSON.parse(bytes)
        } catch {
            throw .malformed("\(source): configuration is not JSON (\(error))")
        }
        guard let object = parsed.value.objectValue else {
            throw .malformed("\(source): configuration is not a JSON object")
        }
        members = object
    }

    /// `bitmain-work-mode` as text (the firmware writes it as a string; a number is read too).
    var workMode: String? {
        switch members[Self.workModeKey] {
        case .string(let s): s
        case .number(let n) where n == n.rounded(): String(Int(n))
        default: nil
        }
    }

    /// Everything a mode change must leave as it was: every member but the mode, passwords fingerprinted.
    var preserved: [String: String] {
        PreservedSettings.of(members, excluding: [Self.workModeKey])
    }

    /// The set body for `mode`: every member as read, `bitmain-work-mode` replaced by `miner-mode` and
    /// `bitmain-freq-level` sent as `freq-level` (unless the read already had that name).
    func setBody(mode: AntminerMode) -> [UInt8] {
        var body = members
        body[Self.workModeKey] = nil
        if let level = body[Self.freqLevelKey], body["freq-level"] == nil {
            body[Self.freqLevelKey] = nil
            body["freq-level"] = level
        }
        body["miner-mode"] = .number(Double(mode.rawValue))
        return Array(JSONValue.object(body).jsonText.utf8)
    }
}
