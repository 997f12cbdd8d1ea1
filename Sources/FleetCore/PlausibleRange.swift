/// The physical range a real device of one kind can report for one field. Values outside it are not passed on.
public struct PlausibleRange: Sendable, Equatable {
    public let field: ReadingField
    public let kind: DeviceKind
    /// Inclusive bounds in the field's unit.
    public let lower: Double
    public let upper: Double
    public let unit: String
    /// Why the bounds are where they are.
    public let source: String

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}

/// The one table of plausible ranges, per field and device kind. Each bound leaves headroom over the largest real
/// device, so a real reading is never dropped; it exists to stop values no device can produce (`1e30 W`, `5000 °C`)
/// from reaching the ledger, dashboards and invoices.
public enum PlausibleRanges {
    static let asicPower =
        "largest single ASIC units draw about 11 kW at the wall (Bitmain hydro 3U models, 11,020-11,180 W nameplate)"
    static let asicHashrate =
        "largest single SHA-256 unit about 1.16 PH/s (Bitmain Antminer S23 Hyd 3U nameplate); twice that as headroom"
    static let celsius =
        "below -40 °C no hashboard or GPU sensor reads in operation; above 150 °C silicon is past its absolute maximum"
        + " (ASIC chips and GPUs shut down near 100-125 °C)"
    static let fans = "server and miner fans run at most about 8,000-15,000 RPM; 30,000 leaves headroom"
    static let gpuPower =
        "the largest data-centre GPU boards have power limits of 1,000-1,400 W (B200, GB300); a GPU whose own maximum"
        + " limit is known may not read more than 1.5 times it"
    static let gpuMemory = "the largest GPU boards carry 288 GB; 1 TiB leaves headroom"

    public static let all: [PlausibleRange] =
        [
            PlausibleRange(field: .powerW, kind: .asic, lower: 0, upper: 15_000, unit: "W", source: asicPower),
            PlausibleRange(field: .powerLimitW, kind: .asic, lower: 0, upper: 15_000, unit: "W", source: asicPower),
            PlausibleRange(field: .hashrateHs, kind: .asic, lower: 0, upper: 2.5e15, unit: "H/s", source: asicHashrate),
            PlausibleRange(
                field: .hashrateAvgHs, kind: .asic, lower: 0, upper: 2.5e15, unit: "H/s", source: asicHashrate),
            PlausibleRange(field: .powerW, kind: .gpu, lower: 0, upper: 2_000, unit: "W", source: gpuPower),
            PlausibleRange(field: .powerLimitW, kind: .gpu, lower: 0, upper: 2_000, unit: "W", source: gpuPower),
            PlausibleRange(
                field: .gpuUtilPct, kind: .gpu, lower: 0, upper: 100, unit: "%",
                source: "NVML utilization is a percentage"),
            PlausibleRange(
                field: .memUsedBytes, kind: .gpu, lower: 0, upper: 1_099_511_627_776, unit: "B", source: gpuMemory),
            PlausibleRange(
                field: .memTotalBytes, kind: .gpu, lower: 0, upper: 1_099_511_627_776, unit: "B", source: gpuMemory),
            PlausibleRange(
                field: .smClockMHz, kind: .gpu, lower: 0, upper: 5_000, unit: "MHz",
                source: "GPU boost clocks are below 3.2 GHz (RTX 4090: 2,520 MHz; H100: 1,980 MHz)"),
            PlausibleRange(
                field: .energyJ, kind: .gpu, lower: 0, upper: 1.9e16, unit: "J",
                source: "NVML's energy counter is an unsigned 64-bit count of millijoules"),
        ]
        + [DeviceKind.asic, .gpu].flatMap { kind in
            [ReadingField.tempMaxC, .tempChipC, .tempBoardC, .tempInletC].map {
                PlausibleRange(field: $0, kind: kind, lower: -40, upper: 150, unit: "°C", source: celsius)
            } + [PlausibleRange(field: .fansRPM, kind: kind, lower: 0, upper: 30_000, unit: "RPM", source: fans)]
        }

    private static let byKey: [Key: PlausibleRange] = Dictionary(
        uniqueKeysWithValues: all.map { (Key(field: $0.field, kind: $0.kind), $0) })

    private struct Key: Hashable {
        var field: ReadingField
        var kind: DeviceKind
    }

    /// The range of `field` for a device of `kind`; nil when the field is not screened for that kind.
    public static func range(_ field: ReadingField, for kind: DeviceKind) -> PlausibleRange? {
        byKey[Key(field: field, kind: kind)]
    }
}
