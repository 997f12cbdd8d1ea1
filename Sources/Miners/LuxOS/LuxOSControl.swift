import FleetCore
import MinerRPC

/// LuxOS power control over the cgminer API (ASIC-APIS.md 2.4, 4): sleep with `curtail <session>,sleep`, wake with
/// `curtail <session>,wakeup` (docs.luxor.tech/firmware/api/luxminer/curtail), steps are the profiles
/// (`profileset <session>,<name>`, docs .../luxminer/profileset), each inside its own session (`LuxOSSession`).
///
/// The state comes from reads that need no session: `config` `CONFIG[0]` has `Profile` (the profile in force) and
/// `CurtailMode` (`"None"`, or `"Sleep"` while curtailed) - field names as the bitcap-ipr LuxOS response models and
/// a Home Assistant LuxOS integration read them; `profiles` lists `PROFILES[]` with `Profile Name` and `Watts`
/// (the profile's estimated draw, which the docs' `NNNNW` selector searches by). No recorded capture of either is at
/// hand; the fixture's replies to them are SYNTHETIC.
public struct LuxOSControl: MinerControl {
    public let family = "luxos"
    let endpoint: MinerEndpoint

    public init(endpoint: MinerEndpoint) {
        self.endpoint = endpoint
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let config = try await endpoint.command("config").section("CONFIG").first
        let profiles = try await endpoint.command("profiles").section("PROFILES")
        let steps = profiles.compactMap { profile -> PowerStep? in
            guard let name = profile["Profile Name"]?.stringValue, let watts = profile["Watts"]?.doubleValue else {
                return nil
            }
            return PowerStep(name: name, watts: watts)
        }
        .sorted { $0.watts < $1.watts }
        guard let mode = config?["CurtailMode"]?.stringValue else { throw .malformed("config: no CurtailMode") }
        return MinerPowerState(
            asleep: mode.lowercased() == "sleep", step: config?["Profile"]?.stringValue, steps: steps,
            preserved: try await endpoint.preservedPools())
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        switch setting {
        case .uncontrolled:
            throw .unsupported("uncontrolled is not a setting to apply")
        case .limit:
            throw .unsupported("LuxOS is controlled by profiles here: ask for one of its steps")
        case .sleep:
            try await LuxOSSession.run(endpoint) { session throws(MinerControlError) in
                _ = try await endpoint.command("curtail", parameter: "\(session),sleep")
            }
        case .step(let step):
            guard current.steps.contains(where: { $0.name == step.name }) else {
                throw .unsupported("LuxOS has no profile named \(step.name)")
            }
            try await LuxOSSession.run(endpoint) { session throws(MinerControlError) in
                if current.asleep { _ = try await endpoint.command("curtail", parameter: "\(session),wakeup") }
                if current.step != step.name {
                    _ = try await endpoint.command("profileset", parameter: "\(session),\(step.name)")
                }
            }
        }
    }
}
