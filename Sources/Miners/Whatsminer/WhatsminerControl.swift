import FleetCore
import MinerRPC

/// Whatsminer power control over API v2 on 4028 (ASIC-APIS.md 2.2, 4; pyasic `rpc/btminer.py`): `power_off`
/// (`respbefore: "true"`, answer before stopping), `power_on`, and `adjust_power_limit` (`power_limit` in watts as
/// text; "Cannot be higher than the ordinary power of the machine ... The miner will reboot after this is set"),
/// each through the encrypted envelope of `WhatsminerPrivileged`. Needs the admin password (`credentials_file`).
///
/// The state reads `summary` `Power Limit` (the limit in force) and `status` `Msg.btmineroff` (mining stopped), as
/// the normalizer does. The firmware states no maximum on API v2: `maxW` stays nil, and the caller keeps the
/// `Power Limit` first read as the ceiling (the nominal power).
public struct WhatsminerControl: MinerControl {
    public let family = "btminer"
    let endpoint: MinerEndpoint

    public init(endpoint: MinerEndpoint) {
        self.endpoint = endpoint
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let summary = try await endpoint.command("summary").section("SUMMARY").first
        var asleep = false
        do {
            let status = try await endpoint.rpc.send("status", to: endpoint.address)
            asleep = status.section("Msg").first?["btmineroff"]?.boolValue == true
        } catch {
            // Firmware (and fixtures) without `status` refuse it: nothing says mining is off.
            guard case .firmwareStatus = error else { throw MinerControlError(error) }
        }
        return MinerPowerState(
            asleep: asleep, limitW: summary?["Power Limit"]?.doubleValue, takesLimits: true,
            preserved: try await endpoint.preservedPools())
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        guard let credentials = endpoint.credentials else {
            throw .credentials("btminer needs credentials_file (the API admin password) for power_off/on and limits")
        }
        let privileged = WhatsminerPrivileged(endpoint: endpoint, password: credentials.password)
        switch setting {
        case .uncontrolled:
            throw .unsupported("uncontrolled is not a setting to apply")
        case .step:
            throw .unsupported("Whatsminer takes a continuous power limit, not steps")
        case .sleep:
            _ = try await privileged.send("power_off", ["respbefore": "true"])
        case .limit(let watts):
            if let maxW = current.maxW, watts > maxW {
                throw .unsupported("\(Int(watts)) W is above the miner's maximum \(Int(maxW)) W")
            }
            if current.asleep { _ = try await privileged.send("power_on") }
            var awake = current
            awake.asleep = false
            if !awake.satisfies(.limit(watts)) {
                _ = try await privileged.send("adjust_power_limit", ["power_limit": String(Int(watts.rounded()))])
            }
        }
    }
}
