import FleetCore
import MinerRPC

/// Braiins OS (BOSminer) power control over the cgminer API: `pause` ("Immediately pause mining and stop power
/// consumption", Code 204, `PAUSE:[true]`) and `resume` (Code 205) - Braiins docs `1_api.rst`, recorded replies in
/// `braiins-os-plus-docs-examples/pause.json`, `resume.json`.
///
/// The power target is not on the 4028 API of BOSminer: it lives in `/etc/bosminer.toml` (`[autotuning]
/// psu_power_limit` / `power_target`), edited over SSH and applied by a bosminer restart (ASIC-APIS.md 2.3, 4), so a
/// limit other than the one in force is `.unsupported`. The state reads `tunerstatus` (`PowerLimit`, and the paused
/// indicator the normalizer uses, `Braiins.isPaused`).
public struct BraiinsControl: MinerControl {
    public let family = "bosminer"
    let endpoint: MinerEndpoint

    public init(endpoint: MinerEndpoint) {
        self.endpoint = endpoint
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let tuner: Result<CGMinerReply, CGMinerError>
        do {
            tuner = .success(try await endpoint.rpc.send("tunerstatus", to: endpoint.address))
        } catch {
            // BOSminer without a tuner (and fixtures that never recorded it) refuse the command: no limit known.
            guard case .firmwareStatus = error else { throw MinerControlError(error) }
            tuner = .failure(error)
        }
        let replies = MinerReplies(["tunerstatus": tuner])
        let limit = replies.record("tunerstatus", "TUNERSTATUS")?.number("PowerLimit")
        return MinerPowerState(
            asleep: Braiins.isPaused(replies), limitW: limit, minW: 100, maxW: 5000,
            preserved: try await endpoint.preservedPools())
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        switch setting {
        case .uncontrolled:
            throw .unsupported("uncontrolled is not a setting to apply")
        case .step(let step) where step.name == MinerPowerState.running:
            if current.asleep { _ = try await endpoint.command("resume") }
        case .step:
            throw .unsupported("BOSminer has a continuous power target, not steps")
        case .sleep:
            _ = try await endpoint.command("pause")
        case .limit(let watts):
            if current.asleep { _ = try await endpoint.command("resume") }
            var awake = current
            awake.asleep = false
            guard awake.satisfies(.limit(watts)) else {
                throw .unsupported(
                    "BOSminer's power target is set in /etc/bosminer.toml over SSH, not over the cgminer API"
                        + (current.asleep ? " (mining was resumed at the target in force)" : ""))
            }
        }
    }
}
