import FleetCore
import Foundation
import HostInventory
import NVML

/// `probe`'s GPU part: one reading per NVML GPU, plus one per NVIDIA GPU that the PCI bus shows and NVML does not.
enum GPUProbe {
    /// Reads the GPUs from `gpus` (NVML from `--nvml-lib`, default `libnvidia-ml.so.1`; the bus from `--pci-dump`,
    /// default sysfs). Problems that stop GPU reading go to standard error; a bad `--pci-dump` is reported with its
    /// file and line and the PCI comparison is skipped.
    static func read(host: String, gpus: GPUSourceOptions) -> [Reading] {
        let time = Timestamp.now()
        var readings: [Reading] = []
        var nvmlProblem: NVMLError?
        do throws(NVMLError) {
            readings = try gpus.loadNVML().readAll(host: host, at: time)
        } catch {
            nvmlProblem = error
        }
        let inventory: HostInventory
        do {
            inventory = try HostInventory.scan(pciDump: gpus.pciDump, usb: false)
        } catch {
            printStderr("fleet-agent: \(error)")
            inventory = HostInventory(pciDevices: [], pciSource: .sysfs())
        }
        if let nvmlProblem, gpus.nvmlLibrary != nil || !inventory.pciGPUs.isEmpty {
            printStderr("fleet-agent: GPUs not read: \(nvmlProblem)")
        }
        for match in inventory.matched(with: readings) where match.state == .notInNVML {
            readings.append(busOnlyReading(match, host: host, time: time, nvmlProblem: nvmlProblem))
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
            time: time, host: host, device: "gpu:pci-\(gpu.address)", kind: .gpu, address: gpu.address.description,
            status: .unreachable, error: why)
        reading.vendor = "NVIDIA"
        reading.model = gpu.modelName
        return reading
    }
}
