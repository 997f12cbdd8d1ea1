import FleetCore
import Foundation
import HostInventory
import NVML

/// `probe`'s GPU part: one reading per NVML GPU, plus one per NVIDIA GPU that the PCI bus shows and NVML does not.
enum GPUProbe {
    /// Reads the GPUs through `nvmlLibrary` (default `libnvidia-ml.so.1`). Problems that stop GPU reading go to
    /// standard error; a bad `--pci-dump` is reported with its file and line and the PCI comparison is skipped.
    static func read(host: String, nvmlLibrary: String?, pciDump: String?) -> [Reading] {
        let time = Timestamp.now()
        var readings: [Reading] = []
        var nvmlProblem: NVMLError?
        do throws(NVMLError) {
            readings = try NVMLLibrary.load(path: nvmlLibrary ?? NVMLLibrary.defaultPath).readAll(host: host, at: time)
        } catch {
            nvmlProblem = error
        }
        let gpus: [PCIDevice]
        do {
            gpus = try PCIScanner.scan(pciDump.map { .dump(path: $0) } ?? .sysfs()).filter(\.isNVIDIAGPU)
        } catch {
            warn("fleet-agent: \(error)")
            gpus = []
        }
        if let nvmlProblem, nvmlLibrary != nil || !gpus.isEmpty {
            warn("fleet-agent: GPUs not read: \(nvmlProblem)")
        }
        let inventory = HostInventory(pciDevices: gpus, pciSource: .sysfs())
        for match in inventory.matched(with: readings) where match.state == .notInNVML {
            readings.append(busOnlyReading(match.pciGPU!, host: host, time: time, nvmlProblem: nvmlProblem))
        }
        return readings
    }

    private static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// A GPU the bus shows and NVML does not read: `unreachable`, named by its bus id.
    static func busOnlyReading(_ gpu: PCIDevice, host: String, time: Timestamp, nvmlProblem: NVMLError?) -> Reading {
        let driver = gpu.driver.map { "kernel driver \($0)" } ?? "no NVIDIA driver bound"
        let notInNVML = "on the PCI bus but not in NVML (\(driver)); the driver is missing or the GPU fell off the bus"
        let why = nvmlProblem.map { "NVML unavailable: \($0)" } ?? notInNVML
        var reading = Reading(
            time: time, host: host, device: "gpu:pci-\(gpu.address)", kind: .gpu, address: gpu.address.description,
            status: .unreachable, error: why)
        reading.vendor = "NVIDIA"
        reading.model = gpu.modelName
        return reading
    }
}
