import CGMinerJSON
import MinerRPC

/// The stock Antminer web interface of one fixture miner: digest authentication (realm `antMiner Configuration`),
/// `GET /cgi-bin/get_miner_conf.cgi` and `POST /cgi-bin/set_miner_conf.cgi` (ASIC-APIS.md §2.1).
///
/// Recorded bytes where there are any: until a configuration is posted the get answers the recorded reply with its
/// `bitmain-work-mode` value set from the power state, and the set answers the recorded `ok`. SYNTHETIC behaviour on
/// them: a posted configuration becomes the miner's (kept in `FixturePowerState.settings`, one member per key as JSON
/// text, the set's `freq-level` under the get's name `bitmain-freq-level`, `miner-mode` dropped), and the get then
/// serves it with its members in key order; `miner-mode` 0/1/3 puts the state in normal / asleep / low-power.
public struct AntminerCGIEmulation: FixtureWebEmulation {
    /// The digest realm of stock Antminer firmware (ASIC-APIS.md §2.1; seen in pyasic issue reports and Foreman).
    public static let realm = "antMiner Configuration"
    static let workModeKey = "bitmain-work-mode"

    let fixture: AntminerCGIFixture
    let power: FixturePowerState
    private let digest: DigestVerifier

    /// The emulation of `fixture`, changing `power`.
    public init(fixture: AntminerCGIFixture, power: FixturePowerState) {
        self.fixture = fixture
        self.power = power
        self.digest = DigestVerifier(realm: Self.realm, user: fixture.user, password: fixture.password)
    }

    public func answer(_ request: FixtureWebRequest) -> FixtureWebResponse {
        guard digest.accepts(request) else { return digest.challenge() }
        switch (request.method, request.path) {
        case ("GET", "/cgi-bin/get_miner_conf.cgi"): return config()
        case ("POST", "/cgi-bin/set_miner_conf.cgi"): return set(request.body)
        default: return .notFound
        }
    }

    /// `bitmain-work-mode` for the state: `"1"` asleep (recorded), `"3"` low-power, `"0"` normal.
    static func workMode(_ state: FixturePowerState.Snapshot) -> String {
        if state.asleep { return "1" }
        return state.step == "low-power" ? "3" : "0"
    }

    func config() -> FixtureWebResponse {
        let state = power.snapshot
        let mode = Self.workMode(state)
        guard !state.settings.isEmpty else {
            return FixtureWebResponse(
                status: 200, headers: [("Content-Type", "application/json")],
                body: Self.replacingWorkMode(in: fixture.config, with: mode))
        }
        var members = state.settings
        members[Self.workModeKey] = JSONText.quoted(mode)
        let text =
            "{" + members.keys.sorted().map { "\(JSONText.quoted($0)):\(members[$0]!)" }.joined(separator: ",") + "}"
        return .json(text)
    }

    func set(_ body: [UInt8]) -> FixtureWebResponse {
        guard let posted = (try? CGMinerJSON.parse(body))?.value.objectValue else {
            return FixtureWebResponse(status: 400, body: Array("SYNTHETIC: body is not a JSON object".utf8))
        }
        let mode: Int?
        switch posted["miner-mode"] {
        case .number(let n): mode = Int(exactly: n)
        case .string(let s): mode = Int(s)
        default: mode = nil
        }
        guard let mode, [0, 1, 3].contains(mode) else {
            return FixtureWebResponse(status: 400, body: Array("SYNTHETIC: miner-mode must be 0, 1 or 3".utf8))
        }
        var members = posted
        members["miner-mode"] = nil
        members[Self.workModeKey] = nil
        if let level = members["freq-level"] {
            members["freq-level"] = nil
            members["bitmain-freq-level"] = level
        }
        let settings = members.mapValues(\.jsonText)
        power.update { state in
            let before = (state.asleep, state.step)
            switch mode {
            case 1: state.asleep = true
            case 3: (state.asleep, state.step) = (false, "low-power")
            default: (state.asleep, state.step) = (false, "normal")
            }
            if before != (state.asleep, state.step) { state.writes += 1 }
            state.settings = settings
        }
        return FixtureWebResponse(status: 200, headers: [("Content-Type", "text/plain")], body: fixture.setReply)
    }

    /// The recorded bytes with the string value of `"bitmain-work-mode"` replaced; unchanged when there is none.
    static func replacingWorkMode(in recorded: [UInt8], with mode: String) -> [UInt8] {
        let key = Array("\"\(workModeKey)\"".utf8)
        guard let keyStart = recorded.firstRange(of: key)?.upperBound,
            let open = recorded[keyStart...].firstIndex(of: UInt8(ascii: "\"")),
            recorded[keyStart..<open].allSatisfy({ [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":")].contains($0) }),
            let close = recorded[(open + 1)...].firstIndex(of: UInt8(ascii: "\""))
        else { return recorded }
        return Array(recorded[..<(open + 1)]) + Array(mode.utf8) + Array(recorded[close...])
    }
}
