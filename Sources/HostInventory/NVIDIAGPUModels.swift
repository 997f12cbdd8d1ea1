/// Names of the NVIDIA GPUs this project has records of, by PCI device id. pci.ids on a host may be older
/// than the board (a real RTX 4090 record shows "Device 2684"), so the agent does not depend on it.
enum NVIDIAGPUModels {
    static let names: [UInt16: String] = [
        0x1cb1: "Quadro P1000",
        0x1e81: "GeForce RTX 2080 SUPER",
        0x20b0: "A100-SXM4-40GB",
        0x20b2: "A100-SXM4-80GB",
        0x2204: "GeForce RTX 3090",
        0x2329: "H20",
        0x2330: "H100 SXM5 80GB",
        0x2335: "H200",
        0x2684: "GeForce RTX 4090",
        0x26b9: "L40S",
        0x2702: "GeForce RTX 4080 SUPER",
    ]

    static func name(deviceID: UInt16) -> String? { names[deviceID] }
}
