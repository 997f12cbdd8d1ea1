/// One normalized observation of one device, the schema of DESIGN.md ("The reading").
///
/// Every quantity is in SI-style base units: watts, joules, hashes per second, degrees Celsius, RPM.
/// Unknown is `nil` (encoded as JSON `null`), never `0`.
public struct Reading: Sendable, Equatable {
    /// Per-host sequence number assigned by the ledger; absent in `probe`.
    public var seq: Int64?
    /// When the reading was taken (UTC).
    public var time: Timestamp
    /// The agent's host name.
    public var host: String
    /// Stable device id: `gpu:<UUID>`, `asic:<MAC or serial>`, else `asic:<host:port>`.
    public var device: DeviceID
    public var kind: DeviceKind
    /// `host:port` for miners, PCI bus id for GPUs, exactly as given by the operator.
    public var address: String
    public var vendor: String?
    public var model: String?
    public var firmware: String?
    public var status: DeviceStatus
    /// What went wrong, for a person; `nil` when `status` is `ok` or `sleeping`.
    public var error: String?
    public var powerW: Double?
    public var powerQuality: PowerQuality?
    public var powerLimitW: Double?
    public var energyJ: Double?
    public var energyEpoch: String?
    public var tenant: String?
    public var hashrateHs: Double?
    public var hashrateAvgHs: Double?
    public var tempMaxC: Double?
    public var tempChipC: [Double]?
    public var tempBoardC: [Double]?
    public var tempInletC: Double?
    public var fansRPM: [Double]?
    public var gpuUtilPct: Double?
    public var memUsedBytes: Double?
    public var memTotalBytes: Double?
    public var smClockMHz: Double?
    public var pstate: String?
    public var throttle: [String]?
    /// Where an estimated power figure came from (e.g. the efficiency table's source); not part of the billing schema.
    public var powerSource: String?
    /// Values the device sent that were not passed on (implausible, not finite, wrong type), each with its reason;
    /// nil when none was.
    public var rejected: [RejectedValue]?

    public init(
        time: Timestamp, host: String, device: DeviceID, kind: DeviceKind, address: String,
        status: DeviceStatus = .ok, error: String? = nil
    ) {
        self.time = time
        self.host = host
        self.device = device
        self.kind = kind
        self.address = address
        self.status = status
        self.error = error
    }
}

public enum DeviceKind: String, Sendable, Codable, Equatable {
    case asic
    case gpu
}

public enum DeviceStatus: String, Sendable, Codable, Equatable {
    case ok
    case sleeping
    case unreachable
    case error
}

/// How far a billing system may trust a power figure.
public enum PowerQuality: String, Sendable, Codable, Equatable {
    /// Metering-grade: a PDU or a submeter.
    case measured
    /// The device's own sensor (NVML, miner firmware).
    case reported
    /// Derived: a model table, integration, interpolation.
    case estimated
}
