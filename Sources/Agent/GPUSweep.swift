import FleetCore
import HostInventory
import NVML

/// Where GPUs are read from: NVML (the driver's library, or another file such as FakeNVML) and the PCI bus (sysfs,
/// or a recorded `lspci -x` dump).
public struct GPUSource: Sendable {
    /// The NVML library to load; nil for the driver's `libnvidia-ml.so.1`.
    public var nvmlLibrary: String?
    /// An `lspci -x` dump to read the bus from; nil for sysfs.
    public var pciDump: String?

    public init(nvmlLibrary: String? = nil, pciDump: String? = nil) {
        self.nvmlLibrary = nvmlLibrary
        self.pciDump = pciDump
    }
}

/// The GPU part of a sweep: one reading per NVML GPU, plus one per NVIDIA GPU that the PCI bus shows and NVML does
/// not. NVML and libpci run on their `BlockingLane`s, never on the cooperative pool.
public enum GPUSweep {
    /// The readings, and what stopped part of the reading, for a person (a bad `--pci-dump` with its file and line;
    /// NVML that could not be loaded where GPUs were expected).
    public static func read(host: String, source: GPUSource) async -> (readings: [Reading], problems: [String]) {
        let time = Timestamp.now()
        let nvml = await BlockingLane.nvml.run { () -> Result<[Reading], NVMLError> in
            Result { () throws(NVMLError) in
                try NVMLLibrary.load(path: source.nvmlLibrary ?? NVMLLibrary.defaultPath).readAll(host: host, at: time)
            }
        }
        let scanned = await BlockingLane.bus.run { () -> Result<HostInventory, any Error> in
            Result { try HostInventory.scan(pciDump: source.pciDump, usb: false) }
        }
        var problems: [String] = []
        var readings: [Reading] = []
        var nvmlProblem: NVMLError?
        switch nvml {
        case .success(let read): readings = read
        case .failure(let error): nvmlProblem = error
        }
        let inventory: HostInventory
        switch scanned {
        case .success(let found):
            inventory = found
        case .failure(let error):
            problems.append("\(error)")
            inventory = HostInventory(pciDevices: [], pciSource: .sysfs())
        }
        if let nvmlProblem, source.nvmlLibrary != nil || !inventory.pciGPUs.isEmpty {
            problems.append("GPUs not read: \(nvmlProblem)")
        }
        for match in inventory.matched(with: readings) where match.state == .notInNVML {
            readings.append(busOnlyReading(match, host: host, time: time, nvmlProblem: nvmlProblem))
        }
        return (readings, problems)
    }

    /// A GPU the bus shows and NVML does not read: `unreachable`, named by its bus id, with the inventory's own
    /// explanation (or why NVML could not be read at all).
    static func busOnlyReading(
        _ match: InventoryMatch, host: String, time: Timestamp, nvmlProblem: NVMLError?
    )
        -> Reading
    {
        let gpu = match.pciGPU!
        let why = nvmlProblem.map { "NVML unavailable: \($0)" } ?? match.explanation
        var reading = Reading(
            time: time, host: host, device: .gpu(busOnly: gpu.address), kind: .gpu, address: gpu.address.description,
            status: .unreachable, error: why)
        reading.vendor = "NVIDIA"
        reading.model = gpu.modelName
        return reading
    }
}
