/// The numeric fields of a reading that the agent screens for plausibility, by their schema name.
public enum ReadingField: String, Sendable, Codable, CaseIterable {
    case powerW = "power_w"
    case powerLimitW = "power_limit_w"
    case energyJ = "energy_j"
    case hashrateHs = "hashrate_hs"
    case hashrateAvgHs = "hashrate_avg_hs"
    case tempMaxC = "temp_max_c"
    case tempChipC = "temp_chip_c"
    case tempBoardC = "temp_board_c"
    case tempInletC = "temp_inlet_c"
    case fansRPM = "fans_rpm"
    case gpuUtilPct = "gpu_util_pct"
    case memUsedBytes = "mem_used_bytes"
    case memTotalBytes = "mem_total_bytes"
    case smClockMHz = "sm_clock_mhz"

    /// The single-valued fields, with where they live in a `Reading`.
    static var scalars: [(ReadingField, WritableKeyPath<Reading, Double?>)] {
        [
            (.powerW, \.powerW), (.powerLimitW, \.powerLimitW), (.energyJ, \.energyJ), (.hashrateHs, \.hashrateHs),
            (.hashrateAvgHs, \.hashrateAvgHs), (.tempMaxC, \.tempMaxC), (.tempInletC, \.tempInletC),
            (.gpuUtilPct, \.gpuUtilPct), (.memUsedBytes, \.memUsedBytes), (.memTotalBytes, \.memTotalBytes),
            (.smClockMHz, \.smClockMHz),
        ]
    }

    /// The per-sensor fields (one value per board, chip or fan).
    static var lists: [(ReadingField, WritableKeyPath<Reading, [Double]?>)] {
        [
            (.tempChipC, \.tempChipC), (.tempBoardC, \.tempBoardC), (.fansRPM, \.fansRPM),
        ]
    }
}
