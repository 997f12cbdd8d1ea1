import FleetCore
import Miners
import NVML

/// A GPU's NVML power management limit. Every NVML call runs on NVML's `BlockingLane`, never on the cooperative
/// pool. The GPU is found by its UUID each time (an index can change when a GPU falls off the bus); a limit outside
/// the GPU's constraints is clamped to them before NVML is called. GPUs cannot be slept.
public struct GPUActuator: PowerActuator {
    public let family = "nvml"
    let nvml: NVMLLibrary
    /// The GPU's UUID, else its index when NVML gave no UUID.
    let uuid: String?
    let index: Int

    public init(nvml: NVMLLibrary, uuid: String?, index: Int) {
        self.nvml = nvml
        self.uuid = uuid
        self.index = index
    }

    /// The actuator of the GPU a reading names (`gpu:<UUID>`, or `gpu:nvml-index-N` without a UUID); nil for a GPU
    /// NVML does not read (`gpu:pci-…`).
    public init?(nvml: NVMLLibrary, device: DeviceID) {
        guard device.kind == .gpu else { return nil }
        if device.key.hasPrefix("nvml-index-"), let index = Int(device.key.dropFirst("nvml-index-".count)) {
            self.init(nvml: nvml, uuid: nil, index: index)
        } else if device.key.hasPrefix("pci-") {
            return nil
        } else {
            self.init(nvml: nvml, uuid: device.key, index: 0)
        }
    }

    public func state() async throws(MinerControlError) -> MinerPowerState {
        let sample = try await sample()
        return MinerPowerState(
            asleep: false, limitW: sample.managementLimitW ?? sample.enforcedLimitW, takesLimits: true,
            minW: sample.minLimitW, maxW: sample.maxLimitW)
    }

    public func apply(_ setting: PowerSetting, current: MinerPowerState) async throws(MinerControlError) {
        guard case .limit(let asked) = setting else {
            throw .unsupported("a GPU takes only a power limit, not \(setting)")
        }
        let watts = Self.clamped(asked, min: current.minW, max: current.maxW)
        let (nvml, uuid, index) = (nvml, uuid, index)
        let result = await BlockingLane.nvml.run { () -> Result<Void, NVMLError> in
            Result { () throws(NVMLError) in
                try nvml.setPowerLimit(index: try Self.find(uuid: uuid, index: index, in: nvml).index, watts: watts)
            }
        }
        if case .failure(let error) = result { throw Self.controlError(error) }
    }

    /// `watts` within the GPU's constraints (where known).
    static func clamped(_ watts: Double, min: Double?, max: Double?) -> Double {
        var value = watts
        if let max { value = Swift.min(value, max) }
        if let min { value = Swift.max(value, min) }
        return value
    }

    private func sample() async throws(MinerControlError) -> GPUSample {
        let (nvml, uuid, index) = (nvml, uuid, index)
        let result = await BlockingLane.nvml.run { () -> Result<GPUSample, NVMLError> in
            Result { () throws(NVMLError) in try Self.find(uuid: uuid, index: index, in: nvml) }
        }
        switch result {
        case .success(let sample): return sample
        case .failure(let error): throw Self.controlError(error)
        }
    }

    /// The GPU's sample: at its index when the UUID still matches there, else wherever NVML now has the UUID.
    static func find(uuid: String?, index: Int, in nvml: NVMLLibrary) throws(NVMLError) -> GPUSample {
        if let sample = try? nvml.sample(index: index), uuid == nil || sample.uuid == uuid { return sample }
        guard let uuid else { return try nvml.sample(index: index) }
        for candidate in 0..<(try nvml.deviceCount()) {
            if let sample = try? nvml.sample(index: candidate), sample.uuid == uuid { return sample }
        }
        throw NVMLError(code: .notFound, function: "GPUActuator", message: "GPU \(uuid) is not on the bus")
    }

    static func controlError(_ error: NVMLError) -> MinerControlError {
        switch error.code {
        case .notFound, .gpuIsLost, .driverNotLoaded, .timeout, .resetRequired: .unreachable(error.description)
        case .noPermission: .refused("\(error.description) (setting a GPU limit needs root or CAP_SYS_ADMIN)")
        case .notSupported, .functionNotFound: .unsupported(error.description)
        case .invalidArgument: .refused(error.description)
        default: .refused(error.description)
        }
    }
}
