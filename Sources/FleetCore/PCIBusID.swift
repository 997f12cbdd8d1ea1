/// A PCI address (domain, bus, device, function), compared numerically.
///
/// NVML prints `00000000:17:00.0` (8-digit upper-case domain), sysfs and `lspci -D` print `0000:17:00.0`;
/// both parse to the same value. `description` is the schema's form: lower case, 4-digit domain.
public struct PCIBusID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var domain: UInt32
    public var bus: UInt8
    public var device: UInt8
    public var function: UInt8

    public init(domain: UInt32 = 0, bus: UInt8, device: UInt8, function: UInt8 = 0) {
        self.domain = domain
        self.bus = bus
        self.device = device
        self.function = function
    }

    /// Parses `DDDDDDDD:BB:DD.F`, `DDDD:BB:DD.F` or `BB:DD.F` (hex, either case); nil if malformed.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let deviceFunction = parts[parts.count - 1].split(separator: ".", omittingEmptySubsequences: false)
        guard deviceFunction.count == 2,
            let bus = HexNumber.parse(parts[parts.count - 2], maxDigits: 2),
            let device = HexNumber.parse(deviceFunction[0], maxDigits: 2), device < 32,
            let function = HexNumber.parse(deviceFunction[1], maxDigits: 1), function < 8
        else { return nil }
        var domain: UInt32 = 0
        if parts.count == 3 {
            guard let d = HexNumber.parse(parts[0], maxDigits: 8) else { return nil }
            domain = d
        }
        self.init(domain: domain, bus: UInt8(bus), device: UInt8(device), function: UInt8(function))
    }

    /// `0000:17:00.0`: lower-case hex, 4-digit domain (more digits only when the domain needs them).
    public var description: String {
        "\(Self.pad(domain, 4)):\(Self.pad(UInt32(bus), 2)):\(Self.pad(UInt32(device), 2))"
            + ".\(String(function, radix: 16))"
    }

    /// NVML's `busId` form: `00000000:17:00.0`.
    public var nvmlFormat: String {
        "\(Self.pad(domain, 8).uppercased()):\(Self.pad(UInt32(bus), 2).uppercased())"
            + ":\(Self.pad(UInt32(device), 2).uppercased()).\(String(function, radix: 16))"
    }

    public static func < (a: PCIBusID, b: PCIBusID) -> Bool {
        (a.domain, a.bus, a.device, a.function) < (b.domain, b.bus, b.device, b.function)
    }

    private static func pad(_ value: UInt32, _ width: Int) -> String {
        let s = String(value, radix: 16)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
