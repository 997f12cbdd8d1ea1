/// The devices of one host, in device-id order, each with its control capability: derived from the latest readings
/// (`probe --json` lines, the ledger's latest cycle), or built directly where richer data exists (NVML's
/// constraints).
public struct DeviceInventory: Sendable, Equatable {
    public var devices: [InventoryDevice]

    public init(_ devices: [InventoryDevice]) {
        self.devices = devices.sorted { $0.id < $1.id }
    }

    /// One device per device id, from its latest reading (by time; the later line wins a tie).
    public init(readings: [Reading]) {
        var latest: [DeviceID: Reading] = [:]
        for reading in readings {
            if let seen = latest[reading.device], seen.time > reading.time { continue }
            latest[reading.device] = reading
        }
        self.init(latest.values.map(InventoryDevice.init(reading:)))
    }
}

extension InventoryDevice {
    /// The device a reading describes, its capability from its family (`ControlPaths`).
    public init(reading: Reading) {
        self.init(
            id: reading.device, model: reading.model, capability: ControlPaths.capability(of: reading),
            drawW: reading.powerW, limitW: reading.powerLimitW)
    }
}
