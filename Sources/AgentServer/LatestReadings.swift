import FleetCore
import Synchronization

/// The last reading of every device, as the poll loop stored it: what `GET /v1/devices` lists and the metrics show.
public final class LatestReadings: Sendable {
    private let table = Mutex<[DeviceID: Reading]>([:])

    public init() {}

    public func update(_ readings: [Reading]) {
        table.withLock { table in
            for reading in readings { table[reading.device] = reading }
        }
    }

    /// Every device's last reading, by device id.
    public var all: [Reading] { table.withLock { $0.values.sorted { $0.device < $1.device } } }
}
