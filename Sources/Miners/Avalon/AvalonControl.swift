import FleetCore
import Foundation
import MinerRPC

/// Canaan Avalon power control through the privileged `ascset` command (ASIC-APIS.md 2.5, 4; pyasic
/// `miners/backends/avalonminer.py`): `ascset|0,softoff,1:<unix time>` / `0,softon,1:<unix time>` schedule a soft
/// off / on (pyasic asks for now + 5 s), `0,worklevel,set,<0|1|2>` picks a work level. The firmware answers success
/// with "success" or "ASC 0 set OK" in `Msg`.
///
/// The state reads `estats`: `SoftOFF[1]` while soft-off, the level from `WORKLEVEL` (else `WORKMODE`), `MPO` the
/// power cap. Watts per level are an ESTIMATE, not in any source: level 2 draws up to `MPO`, level 1 90 % of it,
/// level 0 80 % (pyasic's `set_power_limit` maps its argument the same way: over 100 -> 2, over 80 -> 1, else 0).
public struct AvalonControl: MinerControl {
    public let family = "avalon"
    let endpoint: MinerEndpoint
    /// Seconds ahead the soft off / on is scheduled, as pyasic does.
    let lead: Int

    /// The estimated share of `MPO` each level draws, level 0 first.
    public static let levelShares = [0.8, 0.9, 1.0]

    public init(endpoint: MinerEndpoint, lead: Int = 5) {
        self.endpoint = endpoint
        self.lead = lead
    }

    /// The step name of work level `n`.
    public static func stepName(_ level: Int) -> String { "level \(level)" }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let estats = try await endpoint.command("estats")
        let modules = Avalon.modules(MinerReplies(["estats": .success(estats)]))
        guard !modules.isEmpty else { throw .malformed("estats: no MM ID module") }
        let cap = modules.compactMap(\.powerLimitWatts).reduce(0, +)
        let level = modules.first.flatMap { $0.fields.number("WORKLEVEL") ?? $0.fields.number("WORKMODE") }
        let steps =
            cap > 0
            ? Self.levelShares.enumerated().map { PowerStep(name: Self.stepName($0.offset), watts: ($0.element * cap)) }
            : []
        return MinerPowerState(
            asleep: modules.allSatisfy(\.isSoftOff), step: level.map { Self.stepName(Int($0)) }, steps: steps,
            preserved: try await endpoint.preservedPools())
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        let at = Int(Date().timeIntervalSince1970) + lead
        switch setting {
        case .uncontrolled:
            throw .unsupported("uncontrolled is not a setting to apply")
        case .limit:
            throw .unsupported("Avalon has three work levels, not a continuous limit: ask for a step")
        case .sleep:
            try await ascset("0,softoff,1:\(at)")
        case .step(let step):
            guard let level = (0..<Self.levelShares.count).first(where: { Self.stepName($0) == step.name }) else {
                throw .unsupported("Avalon has no work level named \(step.name)")
            }
            if current.asleep { try await ascset("0,softon,1:\(at)") }
            if current.step != step.name { try await ascset("0,worklevel,set,\(level)") }
        }
    }

    /// One `ascset`, refused unless its `Msg` says it took.
    private func ascset(_ parameter: String) async throws(MinerControlError) {
        let reply = try await endpoint.command("ascset", parameter: parameter)
        let message = reply.status.message ?? ""
        let lower = message.lowercased()
        guard lower.contains("success") || lower.contains("ok") else { throw .refused("ascset: \(message)") }
    }
}
