import FleetCore
import HostInventory
import NVML

/// The GPU path of a sweep and of the poll loop: NVML loaded once and kept, the PCI bus scanned once, so that each
/// read makes only the NVML calls a reading carries, plus one `unreachable` reading per NVIDIA GPU that the bus shows
/// and NVML does not read. NVML and libpci run on their `BlockingLane`s: a GPU that hangs in the driver stalls this
/// reader, never the cycle's other reads or the cooperative pool.
public final class GPUReader: Sendable {
    /// NVML as loaded at start (nil when it could not be); the control step sets GPU limits through it.
    public let nvml: NVMLLibrary?
    private let nvmlProblem: NVMLError?
    private let inventory: HostInventory
    /// What stopped part of the GPU reading, for a person (NVML missing where the bus shows NVIDIA GPUs or a library
    /// was named; a bad PCI dump with its file and line).
    public let problems: [String]

    private init(nvml: NVMLLibrary?, nvmlProblem: NVMLError?, inventory: HostInventory, problems: [String]) {
        self.nvml = nvml
        self.nvmlProblem = nvmlProblem
        self.inventory = inventory
        self.problems = problems
    }

    /// Loads NVML and scans the bus from `source`.
    public static func start(source: GPUSource) async -> GPUReader {
        let loaded = await BlockingLane.nvml.run { () -> Result<NVMLLibrary, NVMLError> in
            Result { () throws(NVMLError) in try NVMLLibrary.load(path: source.nvmlLibrary ?? NVMLLibrary.defaultPath) }
        }
        let scanned = await BlockingLane.bus.run { () -> Result<HostInventory, any Error> in
            Result { try HostInventory.scan(pciDump: source.pciDump, usb: false) }
        }
        var problems: [String] = []
        let inventory: HostInventory
        switch scanned {
        case .success(let found):
            inventory = found
        case .failure(let error):
            problems.append("\(error)")
            inventory = HostInventory(pciDevices: [], pciSource: .sysfs())
        }
        switch loaded {
        case .success(let nvml):
            return GPUReader(nvml: nvml, nvmlProblem: nil, inventory: inventory, problems: problems)
        case .failure(let error):
            if source.nvmlLibrary != nil || !inventory.pciGPUs.isEmpty { problems.append("GPUs not read: \(error)") }
            return GPUReader(nvml: nil, nvmlProblem: error, inventory: inventory, problems: problems)
        }
    }

    /// One reading per GPU, read now.
    public func read(host: String) async -> [Reading] {
        let time = Timestamp.now()
        var readings: [Reading] = []
        if let nvml { readings = await BlockingLane.nvml.run { nvml.readAll(host: host, at: time) } }
        for match in inventory.matched(with: readings) where match.state == .notInNVML {
            readings.append(Self.busOnlyReading(match, host: host, time: time, nvmlProblem: nvmlProblem))
        }
        return readings
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
