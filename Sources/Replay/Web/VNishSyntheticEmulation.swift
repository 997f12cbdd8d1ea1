import CGMinerJSON
import Synchronization

/// A VNish 1.2.x REST interface, SYNTHETIC: no VNish capture exists in the corpus, so paths and shapes follow what
/// pyasic sends and reads (`pyasic/web/vnish.py`, `pyasic/miners/backends/vnish.py`, `config/mining/presets.py`):
/// `POST /api/v1/unlock` `{"pw"}` -> `{"token"}`; the token (bare or after `Bearer `) in `Authorization`;
/// `GET`/`POST /api/v1/settings` (`miner.overclock.preset`), `GET /api/v1/autotune/presets`, `GET /api/v1/summary`
/// (`miner.miner_status.miner_state`, `miner.power_usage`), `POST /api/v1/mining/stop` / `start`.
///
/// As the firmware does (pyasic PR #245), a posted untuned preset is answered with the same success as a tuned one
/// and not applied. The state lives in the endpoint's `FixturePowerState`: `step` is the preset in force, `asleep`
/// mining stopped, `settings` the posted configuration by top-level key.
public final class VNishSyntheticEmulation: FixtureWebEmulation {
    let fixture: VNishSyntheticFixture
    let power: FixturePowerState
    private let tokens = Mutex<[String]>([])

    /// The emulation of `fixture`, changing `power`.
    public init(fixture: VNishSyntheticFixture, power: FixturePowerState) {
        self.fixture = fixture
        self.power = power
    }

    public func answer(_ request: FixtureWebRequest) -> FixtureWebResponse {
        if request.method == "POST", request.path == "/api/v1/unlock" { return unlock(request.body) }
        guard authorized(request) else { return .json(#"{"err":"SYNTHETIC: unauthorized"}"#, status: 401) }
        switch (request.method, request.path) {
        case ("GET", "/api/v1/settings"): return .json(settings().jsonText)
        case ("POST", "/api/v1/settings"): return postSettings(request.body)
        case ("GET", "/api/v1/autotune/presets"):
            return .json(JSONValue.object(["presets": .array(fixture.presets)]).jsonText)
        case ("GET", "/api/v1/summary"): return .json(summary().jsonText)
        case ("POST", "/api/v1/mining/stop"): return mining(asleep: true)
        case ("POST", "/api/v1/mining/start"): return mining(asleep: false)
        default: return .notFound
        }
    }

    private func unlock(_ body: [UInt8]) -> FixtureWebResponse {
        guard (try? CGMinerJSON.parse(body))?.value["pw"]?.stringValue == fixture.password else {
            return .json(#"{"err":"SYNTHETIC: wrong password"}"#, status: 401)
        }
        let token = String(UInt64.random(in: .min ... .max), radix: 16)
        tokens.withLock {
            $0.append(token)
            if $0.count > 64 { $0.removeFirst($0.count - 64) }
        }
        return .json(JSONValue.object(["token": .string(token)]).jsonText)
    }

    private func authorized(_ request: FixtureWebRequest) -> Bool {
        guard var token = request.header("Authorization") else { return false }
        if token.hasPrefix("Bearer ") { token.removeFirst("Bearer ".count) }
        return tokens.withLock { $0.contains(token) }
    }

    /// The preset in force.
    private func preset(_ state: FixturePowerState.Snapshot) -> String { state.step ?? fixture.preset }

    private func settings() -> JSONValue {
        let state = power.snapshot
        var root = fixture.settings.objectValue ?? [:]
        for (key, text) in state.settings {
            if let value = try? CGMinerJSON.parse(Array(text.utf8)).value { root[key] = value }
        }
        var miner = root["miner"]?.objectValue ?? [:]
        var overclock = miner["overclock"]?.objectValue ?? [:]
        overclock["preset"] = .string(preset(state))
        miner["overclock"] = .object(overclock)
        root["miner"] = .object(miner)
        return .object(root)
    }

    private func tuned(_ name: String) -> Bool {
        fixture.presets.contains { $0["name"]?.stringValue == name && $0["status"]?.stringValue == "tuned" }
    }

    private func postSettings(_ body: [UInt8]) -> FixtureWebResponse {
        guard let posted = (try? CGMinerJSON.parse(body))?.value.objectValue else {
            return .json(#"{"err":"SYNTHETIC: body is not a JSON object"}"#, status: 400)
        }
        let wanted = posted["miner"]?["overclock"]?["preset"]?.stringValue
        power.update { state in
            if let wanted, tuned(wanted), wanted != preset(state) {
                state.step = wanted
                state.writes += 1
            }
            for (key, value) in posted { state.settings[key] = value.jsonText }
        }
        // The same answer whether or not the preset was applied (pyasic: "even if unsuccessful").
        return .json(#"{"restart_required":false,"reboot_required":false}"#)
    }

    private func summary() -> JSONValue {
        let state = power.snapshot
        let watts =
            fixture.presets.first { $0["name"]?.stringValue == preset(state) }?["name"]?.stringValue.flatMap(
                Double.init)
        return .object([
            "miner": .object([
                "miner_type": .string("Antminer S19 (Vnish SYNTHETIC)"),
                "miner_status": .object(["miner_state": .string(state.asleep ? "stopped" : "mining")]),
                "power_usage": .number(state.asleep ? 0 : watts ?? 0),
            ])
        ])
    }

    private func mining(asleep: Bool) -> FixtureWebResponse {
        power.update { state in
            if state.asleep != asleep {
                state.asleep = asleep
                state.writes += 1
            }
        }
        return .json(#"{"success":true}"#)
    }
}
