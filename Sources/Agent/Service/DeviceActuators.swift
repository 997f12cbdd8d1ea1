import AsyncHTTPClient
import Control
import FleetCore
import MinerRPC
import Miners

/// Finds each device's actuator for the control step: a GPU's through the NVML the cycle loaded, a miner's through
/// its detected family's controls, with the web address and credentials its config entry names. A device without
/// one gets the reason (no NVML, a family without controls, a credentials file that cannot be used).
public struct DeviceActuators: Sendable {
    let cycle: PollCycle
    /// The configured miners by address as written (a reading's `address`).
    let miners: [String: AgentConfig.MinerEntry]
    let rpc: CGMinerClient
    let http: HTTPClient

    public init(cycle: PollCycle, config: AgentConfig, rpc: CGMinerClient, http: HTTPClient) {
        self.cycle = cycle
        var miners: [String: AgentConfig.MinerEntry] = [:]
        for entry in config.miners where miners[entry.address.original] == nil {
            miners[entry.address.original] = entry
        }
        self.miners = miners
        self.rpc = rpc
        self.http = http
    }

    public func lookup(_ reading: Reading) async -> ActuatorLookup {
        if reading.kind == .gpu {
            guard let nvml = cycle.gpus?.nvml else { return .none(reason: "NVML is not loaded") }
            guard let actuator = GPUActuator(nvml: nvml, device: reading.device) else {
                return .none(reason: "NVML does not read this GPU")
            }
            return .actuator(actuator)
        }
        guard let entry = miners[reading.address] else { return .none(reason: "not a configured miner") }
        guard let family = await cycle.sweep.family(at: entry.address) else {
            return .none(reason: "firmware not recognised yet")
        }
        var credentials: MinerCredentials?
        if let file = entry.credentialsFile {
            do throws(MinerControlError) {
                credentials = try MinerCredentials.load(path: file)
            } catch {
                return .none(reason: "\(error)")
            }
        }
        let endpoint = MinerEndpoint(
            address: entry.address, web: entry.web, credentials: credentials, rpc: rpc, http: http)
        guard let control = family.control(endpoint, reading: reading) else {
            return .none(reason: "\(family.name) firmware: no control path the agent implements")
        }
        return .actuator(MinerActuator(control: control))
    }
}
