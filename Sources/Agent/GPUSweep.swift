import FleetCore

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

/// The GPU part of a one-off sweep (`probe`): a `GPUReader` started and read once.
public enum GPUSweep {
    /// The readings, and what stopped part of the reading, for a person (a bad `--pci-dump` with its file and line;
    /// NVML that could not be loaded where GPUs were expected).
    public static func read(host: String, source: GPUSource) async -> (readings: [Reading], problems: [String]) {
        let reader = await GPUReader.start(source: source)
        return (await reader.read(host: host), reader.problems)
    }
}
