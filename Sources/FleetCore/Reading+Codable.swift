extension Reading: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case seq, time, host, device, kind, address, vendor, model, firmware, status, error
        case powerW = "power_w"
        case powerQuality = "power_quality"
        case powerLimitW = "power_limit_w"
        case energyJ = "energy_j"
        case energyEpoch = "energy_epoch"
        case tenant
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
        case pstate, throttle
        case powerSource = "power_source"
        case rejected
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let timeText = try c.decode(String.self, forKey: .time)
        guard let time = Timestamp(rfc3339: timeText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .time, in: c, debugDescription: "not an RFC 3339 UTC time: \(timeText)")
        }
        self.init(
            time: time,
            host: try c.decode(String.self, forKey: .host),
            device: try c.decode(DeviceID.self, forKey: .device),
            kind: try c.decode(DeviceKind.self, forKey: .kind),
            address: try c.decode(String.self, forKey: .address),
            status: try c.decode(DeviceStatus.self, forKey: .status),
            error: try c.decodeIfPresent(String.self, forKey: .error))
        seq = try c.decodeIfPresent(Int64.self, forKey: .seq)
        vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        firmware = try c.decodeIfPresent(String.self, forKey: .firmware)
        powerW = try c.decodeIfPresent(Double.self, forKey: .powerW)
        powerQuality = try c.decodeIfPresent(PowerQuality.self, forKey: .powerQuality)
        powerLimitW = try c.decodeIfPresent(Double.self, forKey: .powerLimitW)
        energyJ = try c.decodeIfPresent(Double.self, forKey: .energyJ)
        energyEpoch = try c.decodeIfPresent(String.self, forKey: .energyEpoch)
        tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        hashrateHs = try c.decodeIfPresent(Double.self, forKey: .hashrateHs)
        hashrateAvgHs = try c.decodeIfPresent(Double.self, forKey: .hashrateAvgHs)
        tempMaxC = try c.decodeIfPresent(Double.self, forKey: .tempMaxC)
        tempChipC = try c.decodeIfPresent([Double].self, forKey: .tempChipC)
        tempBoardC = try c.decodeIfPresent([Double].self, forKey: .tempBoardC)
        tempInletC = try c.decodeIfPresent(Double.self, forKey: .tempInletC)
        fansRPM = try c.decodeIfPresent([Double].self, forKey: .fansRPM)
        gpuUtilPct = try c.decodeIfPresent(Double.self, forKey: .gpuUtilPct)
        memUsedBytes = try c.decodeIfPresent(Double.self, forKey: .memUsedBytes)
        memTotalBytes = try c.decodeIfPresent(Double.self, forKey: .memTotalBytes)
        smClockMHz = try c.decodeIfPresent(Double.self, forKey: .smClockMHz)
        pstate = try c.decodeIfPresent(String.self, forKey: .pstate)
        throttle = try c.decodeIfPresent([String].self, forKey: .throttle)
        powerSource = try c.decodeIfPresent(String.self, forKey: .powerSource)
        rejected = try c.decodeIfPresent([RejectedValue].self, forKey: .rejected)
    }

    /// Encodes every schema field; unknown values are written as `null` rather than left out. Never fails: a number
    /// that JSON cannot hold (infinite, NaN) is written as `null` too. `power_source` and `rejected` appear only when
    /// they have something to say.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let seq { try c.encode(seq, forKey: .seq) }  // absent in probe output, per the schema
        try c.encode(time.rfc3339, forKey: .time)
        try c.encode(host, forKey: .host)
        try c.encode(device, forKey: .device)
        try c.encode(kind, forKey: .kind)
        try c.encode(address, forKey: .address)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(model, forKey: .model)
        try c.encode(firmware, forKey: .firmware)
        try c.encode(status, forKey: .status)
        try c.encode(error, forKey: .error)
        try c.encode(finite(powerW), forKey: .powerW)
        try c.encode(powerQuality, forKey: .powerQuality)
        try c.encode(finite(powerLimitW), forKey: .powerLimitW)
        try c.encode(finite(energyJ), forKey: .energyJ)
        try c.encode(energyEpoch, forKey: .energyEpoch)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(finite(hashrateHs), forKey: .hashrateHs)
        try c.encode(finite(hashrateAvgHs), forKey: .hashrateAvgHs)
        try c.encode(finite(tempMaxC), forKey: .tempMaxC)
        try c.encode(finite(tempChipC), forKey: .tempChipC)
        try c.encode(finite(tempBoardC), forKey: .tempBoardC)
        try c.encode(finite(tempInletC), forKey: .tempInletC)
        try c.encode(finite(fansRPM), forKey: .fansRPM)
        if kind == .gpu {
            try c.encode(finite(gpuUtilPct), forKey: .gpuUtilPct)
            try c.encode(finite(memUsedBytes), forKey: .memUsedBytes)
            try c.encode(finite(memTotalBytes), forKey: .memTotalBytes)
            try c.encode(finite(smClockMHz), forKey: .smClockMHz)
            try c.encode(pstate, forKey: .pstate)
            try c.encode(throttle, forKey: .throttle)
        }
        if let powerSource { try c.encode(powerSource, forKey: .powerSource) }
        if let rejected, !rejected.isEmpty { try c.encode(rejected, forKey: .rejected) }
    }

    private func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    private func finite(_ values: [Double]?) -> [Double?]? {
        values?.map { $0.isFinite ? $0 : nil }
    }
}
