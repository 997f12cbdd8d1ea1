import FleetCore

/// Everything the agent reads from one GPU in one sample, in agent units (W, J, bytes, MHz, °C, %).
/// `nil` means the GPU or the driver does not offer the value (NVML_ERROR_NOT_SUPPORTED, missing symbol).
public struct GPUSample: Sendable, Equatable {
    /// NVML index (order not stable across reboots; identify GPUs by `uuid` or `pciBusID`).
    public var index: Int
    public var name: String?
    /// `GPU-xxxxxxxx-…`.
    public var uuid: String?
    /// Board serial; absent on GeForce.
    public var serial: String?
    public var pciBusID: PCIBusID?
    /// `(device id << 16) | vendor id`, e.g. `0x233010DE`; nil when unknown.
    public var pciDeviceID: UInt32?
    public var pciSubsystemID: UInt32?
    /// Power draw (NVML mW → W): a 1-s average on Ampere and newer (except GA100), instantaneous before.
    public var powerW: Double?
    /// Energy since the driver loaded (NVML mJ → J); Volta and newer.
    public var energyJ: Double?
    /// The limit in force, the minimum of all limiters (W).
    public var enforcedLimitW: Double?
    /// The limit set through NVML (W).
    public var managementLimitW: Double?
    public var minLimitW: Double?
    public var maxLimitW: Double?
    public var defaultLimitW: Double?
    public var tempC: Double?
    public var slowdownTempC: Double?
    public var shutdownTempC: Double?
    /// Fan speed in percent of the intended maximum (may exceed 100); absent on fanless SXM boards.
    public var fanPct: Double?
    /// Each fan's speed in RPM (`nvmlDeviceGetFanSpeedRPM`, R570+ drivers); nil where not offered.
    public var fansRPM: [Double]?
    public var gpuUtilPct: Double?
    public var memUtilPct: Double?
    public var memTotalBytes: UInt64?
    public var memUsedBytes: UInt64?
    public var memFreeBytes: UInt64?
    /// Memory the driver reserves; only from `nvmlDeviceGetMemoryInfo_v2`.
    public var memReservedBytes: UInt64?
    public var smClockMHz: Double?
    public var memClockMHz: Double?
    /// Performance state 0 (fastest) … 15; nil when unknown.
    public var pstate: Int?
    public var clockEventReasons: ClockEventReasons?
    public var persistenceMode: Bool?
    /// Calls that failed for another reason than "not supported"; the fields they feed are nil.
    public var problems: [NVMLError] = []

    public init(index: Int) { self.index = index }
}

/// What the agent knows of a GPU's identity, kept so that a GPU that later falls off the bus is still named
/// (and so that the reading's device and address strings are made once).
struct GPUIdentity: Sendable, Equatable {
    var uuid: String?
    var pciBusID: PCIBusID?
    var name: String?
    var device: DeviceID
    var address: String

    init(_ sample: GPUSample) {
        uuid = sample.uuid
        pciBusID = sample.pciBusID
        name = sample.name
        device = GPUSample.device(uuid: sample.uuid, index: sample.index)
        address = GPUSample.address(pciBusID: sample.pciBusID, index: sample.index)
    }
}
