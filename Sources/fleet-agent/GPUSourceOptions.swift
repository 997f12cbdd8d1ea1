import Agent
import ArgumentParser
import NVML

/// Where `probe` and `inventory` read GPUs from: NVML (the driver's library, or another file) and the PCI bus
/// (sysfs, or a recorded `lspci -x` dump).
struct GPUSourceOptions: ParsableArguments {
    @Flag(name: .customLong("no-gpu"), help: "Do not ask NVML (probe: no GPU readings; inventory: the bus only).")
    var noGPU = false

    @Option(name: .customLong("nvml-lib"), help: "Load this file instead of libnvidia-ml.so.1.")
    var nvmlLibrary: String?

    @Option(name: .customLong("pci-dump"), help: "Read the PCI bus from this `lspci -x` dump instead of sysfs.")
    var pciDump: String?

    func validate() throws {
        if noGPU, nvmlLibrary != nil { throw ValidationError("--nvml-lib and --no-gpu exclude each other") }
    }

    /// The options as a library `GPUSource`.
    var source: GPUSource { GPUSource(nvmlLibrary: nvmlLibrary, pciDump: pciDump) }

    /// NVML from `--nvml-lib`, else the driver's `libnvidia-ml.so.1`.
    func loadNVML() throws(NVMLError) -> NVMLLibrary {
        try NVMLLibrary.load(path: nvmlLibrary ?? NVMLLibrary.defaultPath)
    }
}
