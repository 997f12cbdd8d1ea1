import FleetCore
import Foundation

/// GPUs of the demo site through FakeNVML. (Until the NVML module lands, the demo has no GPUs.)
struct GPUDemo {
    init(root: URL, site: DemoSite) throws {}
    var summary: String { "" }
    func read(host: String) -> [Reading] { [] }
}

enum GPUProbe {
    static func read(host: String, nvmlLibrary: String?, pciDump: String?) -> [Reading] { [] }
}
