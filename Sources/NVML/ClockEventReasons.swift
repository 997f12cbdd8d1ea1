/// NVML clock event ("throttle") reasons: why the GPU's clocks are below their maximum.
public struct ClockEventReasons: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let gpuIdle = ClockEventReasons(rawValue: 0x1)
    public static let applicationsClocksSetting = ClockEventReasons(rawValue: 0x2)
    /// The software power cap is holding the clocks down: the power limit is biting.
    public static let swPowerCap = ClockEventReasons(rawValue: 0x4)
    public static let hwSlowdown = ClockEventReasons(rawValue: 0x8)
    public static let syncBoost = ClockEventReasons(rawValue: 0x10)
    public static let swThermalSlowdown = ClockEventReasons(rawValue: 0x20)
    public static let hwThermalSlowdown = ClockEventReasons(rawValue: 0x40)
    public static let hwPowerBrakeSlowdown = ClockEventReasons(rawValue: 0x80)
    public static let displayClockSetting = ClockEventReasons(rawValue: 0x100)

    /// The reasons above by nvidia-smi's names, made once.
    private static let named: [(ClockEventReasons, String)] = [
        (.gpuIdle, "gpu_idle"), (.applicationsClocksSetting, "applications_clocks_setting"),
        (.swPowerCap, "sw_power_cap"), (.hwSlowdown, "hw_slowdown"), (.syncBoost, "sync_boost"),
        (.swThermalSlowdown, "sw_thermal_slowdown"), (.hwThermalSlowdown, "hw_thermal_slowdown"),
        (.hwPowerBrakeSlowdown, "hw_power_brake_slowdown"), (.displayClockSetting, "display_clock_setting"),
    ]

    /// Bit names as nvidia-smi's `clocks_event_reasons.*` fields spell them; unknown bits as `bit_N`.
    public var names: [String] {
        if rawValue == 0 { return [] }
        var result = Self.named.filter { contains($0.0) }.map(\.1)
        if rawValue >> 9 != 0 {
            for bit in 9..<64 where rawValue & (1 << UInt64(bit)) != 0 { result.append("bit_\(bit)") }
        }
        return result
    }
}
