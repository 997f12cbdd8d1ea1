import CGMinerJSON
import FleetCore

/// VNish 1.2.x power control over its REST API (ASIC-APIS.md §2.6, §4), endpoints and shapes as pyasic uses them
/// (`pyasic/web/vnish.py`, `pyasic/miners/backends/vnish.py`):
/// - `GET /api/v1/settings`: the whole configuration; the preset in force is `miner.overclock.preset`. A write posts
///   the whole configuration back to `POST /api/v1/settings` with only that member changed (pyasic posts just
///   `miner.overclock`; sending everything read keeps the rest as it was whatever the firmware does with absent keys).
/// - `GET /api/v1/autotune/presets`: the presets (`VNishPreset`); only tuned ones are steps, since the firmware
///   answers success for an untuned one and keeps the old preset (pyasic PR #245: "response will always be
///   {"restart_required":false,"reboot_required":false} even if unsuccessful"). `state()` reads the preset back from
///   the settings, so such a write shows as not applied.
/// - `GET /api/v1/summary`: `miner.miner_status.miner_state` (`stopped`, `shutting-down`: asleep).
/// - `POST /api/v1/mining/stop` / `POST /api/v1/mining/start`: sleep and wake.
public struct VNishControl: MinerControl {
    public let family = "vnish"
    let session: VNishSession

    /// Miner states that mean mining was stopped (pyasic `_is_mining` also counts `failure`, which is not a sleep).
    static let stoppedStates: Set<String> = ["stopped", "shutting-down"]

    /// The control for the REST interface `web`, unlocking it with `credentials`' password.
    public init(web: MinerWeb, credentials: MinerCredentials?) {
        session = VNishSession(web: web, credentials: credentials)
    }

    /// The control for the miner at `endpoint` (its web address, the shared HTTP client, its credentials).
    public init(_ endpoint: MinerEndpoint, timeout: Duration = .seconds(10)) {
        self.init(
            web: MinerWeb(address: endpoint.webAddress, http: endpoint.http, timeout: timeout),
            credentials: endpoint.credentials)
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let token = try await session.unlock()
        let (settings, token2) = try await session.request(.GET, "/api/v1/settings", token: token)
        let (presetsReply, token3) = try await session.request(.GET, "/api/v1/autotune/presets", token: token2)
        let (summary, _) = try await session.request(.GET, "/api/v1/summary", token: token3)
        guard settings.objectValue != nil else {
            throw .malformed("\(session.location("/api/v1/settings")) is not a JSON object")
        }
        let preset = Self.presetName(settings)
        let minerState = summary["miner"]?["miner_status"]?["miner_state"]?.stringValue
        let steps = VNishPreset.list(presetsReply).filter(\.tuned).compactMap { preset in
            preset.watts.map { PowerStep(name: preset.stepName, watts: $0) }
        }.sorted { $0.watts < $1.watts }
        return MinerPowerState(
            asleep: minerState.map(Self.stoppedStates.contains) ?? false,
            step: preset.map { VNishPreset(name: $0, watts: nil, tuned: false).stepName }, steps: steps,
            preserved: Self.preserved(settings))
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        switch setting {
        case .sleep:
            let token = try await session.unlock()
            _ = try await session.request(.POST, "/api/v1/mining/stop", body: .object([:]), token: token)
        case .step(let step):
            guard let name = VNishPreset.name(ofStep: step.name) else {
                throw .unsupported("VNish steps are presets (\"preset NAME\"), not \"\(step.name)\"")
            }
            var token = try await session.unlock()
            let (presetsReply, t1) = try await session.request(.GET, "/api/v1/autotune/presets", token: token)
            token = t1
            guard VNishPreset.list(presetsReply).contains(where: { $0.name == name }) else {
                throw .unsupported("the firmware lists no preset \(name)")
            }
            if current.asleep {
                (_, token) = try await session.request(.POST, "/api/v1/mining/start", body: .object([:]), token: token)
            }
            let (settings, t2) = try await session.request(.GET, "/api/v1/settings", token: token)
            guard let changed = Self.settingPreset(name, in: settings) else {
                throw .malformed("\(session.location("/api/v1/settings")) has no miner.overclock object")
            }
            _ = try await session.request(.POST, "/api/v1/settings", body: changed, token: t2)
        case .limit: throw .unsupported("VNish has presets, not power limits")
        case .uncontrolled: throw .unsupported("uncontrolled is not a setting to write")
        }
    }

    /// `miner.overclock.preset` as text.
    static func presetName(_ settings: JSONValue) -> String? {
        switch settings["miner"]?["overclock"]?["preset"] {
        case .string(let s): s
        case .number(let n): String(Int(n))
        default: nil
        }
    }

    /// `settings` with `miner.overclock.preset` set to `name`; nil without a `miner.overclock` object.
    static func settingPreset(_ name: String, in settings: JSONValue) -> JSONValue? {
        guard var root = settings.objectValue, var miner = root["miner"]?.objectValue,
            var overclock = miner["overclock"]?.objectValue
        else { return nil }
        overclock["preset"] = .string(name)
        miner["overclock"] = .object(overclock)
        root["miner"] = .object(miner)
        return .object(root)
    }

    /// Every member of the settings but the preset, passwords fingerprinted, by top-level key.
    static func preserved(_ settings: JSONValue) -> [String: String] {
        guard var root = settings.objectValue else { return [:] }
        if var miner = root["miner"]?.objectValue, var overclock = miner["overclock"]?.objectValue {
            overclock["preset"] = nil
            miner["overclock"] = .object(overclock)
            root["miner"] = .object(miner)
        }
        return PreservedSettings.of(root, excluding: [])
    }
}
