import CNVML
import FleetCore

extension NVMLLibrary {
    /// Reads everything the agent knows how to read from one GPU.
    ///
    /// A field the GPU or driver does not offer is nil. A lost GPU (`NVML_ERROR_GPU_IS_LOST`) or a failed
    /// handle lookup throws; any other failed call is recorded in `problems` and its field left nil.
    public func sample(index: Int) throws(NVMLError) -> GPUSample {
        let device = try handle(index)
        var s = GPUSample(index: index)
        let t = symbols
        s.name = try string(t.name, device, Int(NVML_DEVICE_NAME_V2_BUFFER_SIZE), &s)
        s.uuid = try string(t.uuid, device, Int(NVML_DEVICE_UUID_V2_BUFFER_SIZE), &s)
        s.serial = try string(t.serial, device, Int(NVML_DEVICE_SERIAL_BUFFER_SIZE), &s)
        if let f = t.pciInfo {
            var pci = nvmlPciInfo_t()
            if try get(f.name, &s, { f.call(device, &pci) }), pci.bus <= 0xff, pci.device < 32 {
                // domain, bus, device and pciDeviceId sit at the same offsets in the legacy and the _v3 layout.
                s.pciBusID = PCIBusID(domain: pci.domain, bus: UInt8(pci.bus), device: UInt8(pci.device))
                s.pciDeviceID = pci.pciDeviceId == 0 ? nil : pci.pciDeviceId
                s.pciSubsystemID = pci.pciSubSystemId == 0 ? nil : pci.pciSubSystemId
            }
        }
        s.powerW = try milliwatts(t.powerUsage, device, &s)
        if let f = t.totalEnergy {
            var mj: UInt64 = 0
            if try get(f.name, &s, { f.call(device, &mj) }) { s.energyJ = Double(mj) / 1000 }
        }
        s.enforcedLimitW = try milliwatts(t.enforcedLimit, device, &s)
        s.managementLimitW = try milliwatts(t.managementLimit, device, &s)
        if let f = t.limitConstraints {
            var low: UInt32 = 0
            var high: UInt32 = 0
            if try get(f.name, &s, { f.call(device, &low, &high) }) {
                s.minLimitW = Double(low) / 1000
                s.maxLimitW = Double(high) / 1000
            }
        }
        s.defaultLimitW = try milliwatts(t.defaultLimit, device, &s)
        if let f = t.temperature {
            var c: UInt32 = 0
            if try get(f.name, &s, { f.call(device, NVML_TEMPERATURE_GPU, &c) }) { s.tempC = Double(c) }
        }
        s.slowdownTempC = try threshold(NVML_TEMPERATURE_THRESHOLD_SLOWDOWN, device, &s)
        s.shutdownTempC = try threshold(NVML_TEMPERATURE_THRESHOLD_SHUTDOWN, device, &s)
        s.fanPct = try uint32(t.fanSpeed, device, &s).map { Double($0) }
        s.fansRPM = try fansRPM(device, &s)
        if let f = t.utilization {
            var u = nvmlUtilization_t()
            if try get(f.name, &s, { f.call(device, &u) }) {
                s.gpuUtilPct = Double(u.gpu)
                s.memUtilPct = Double(u.memory)
            }
        }
        try readMemory(device, &s)
        s.smClockMHz = try clock(NVML_CLOCK_SM, device, &s)
        s.memClockMHz = try clock(NVML_CLOCK_MEM, device, &s)
        if let f = t.pstate {
            var p = NVML_PSTATE_UNKNOWN
            if try get(f.name, &s, { f.call(device, &p) }), p.rawValue <= 15 { s.pstate = Int(p.rawValue) }
        }
        if let f = t.clockEventReasons {
            var bits: UInt64 = 0
            if try get(f.name, &s, { f.call(device, &bits) }) {
                s.clockEventReasons = ClockEventReasons(rawValue: bits)
            }
        }
        if let f = t.persistence {
            var mode = NVML_FEATURE_DISABLED
            if try get(f.name, &s, { f.call(device, &mode) }) { s.persistenceMode = mode == NVML_FEATURE_ENABLED }
        }
        return s
    }

    /// One sample per GPU NVML counts, each a success or the error that ended it.
    public func sampleAll() throws(NVMLError) -> [Result<GPUSample, NVMLError>] {
        let count = try deviceCount()
        var results: [Result<GPUSample, NVMLError>] = []
        results.reserveCapacity(count)
        for index in 0..<count {
            do throws(NVMLError) {
                results.append(.success(try sample(index: index)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    // MARK: - Field readers

    /// Each fan's speed in RPM, or nil when the driver is older than R570, the board has no fan (SXM), or any fan's
    /// RPM is not offered.
    private func fansRPM(_ device: nvmlDevice_t?, _ s: inout GPUSample) throws(NVMLError) -> [Double]? {
        guard let rpm = symbols.fanSpeedRPM, let count = try uint32(symbols.numFans, device, &s), count > 0,
            count <= 64
        else { return nil }
        var speeds: [Double] = []
        speeds.reserveCapacity(Int(count))
        for fan in 0..<count {
            var info = nvmlFanSpeedInfo_t()
            info.version = UInt32(MemoryLayout<nvmlFanSpeedInfo_t>.size) | (1 << 24)  // nvmlFanSpeedInfo_v1
            info.fan = fan
            guard try get(rpm.name, &s, { rpm.call(device, &info) }) else { return nil }
            speeds.append(Double(info.speed))
        }
        return speeds
    }

    /// Runs one getter. True on success; false when unsupported (or after recording another failure).
    /// A lost GPU throws: nothing more can be read from it.
    private func get(_ function: String, _ s: inout GPUSample, _ call: () -> nvmlReturn_t) throws(NVMLError) -> Bool {
        let rc = call()
        if rc == NVML_SUCCESS { return true }
        if rc == NVML_ERROR_NOT_SUPPORTED { return false }
        let error = NVMLError(
            code: NVMLReturnCode(rc), function: function, message: Self.errorText(rc, symbols: symbols),
            gpuIndex: s.index)
        if error.code == .gpuIsLost { throw error }
        s.problems.append(error)
        return false
    }

    private func string(
        _ entry: NVMLEntry<NVMLFunction.DeviceString>?, _ device: nvmlDevice_t?, _ capacity: Int,
        _ s: inout GPUSample
    ) throws(NVMLError) -> String? {
        guard let entry else { return nil }
        let (rc, text) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            buffer.initialize(repeating: 0)
            let rc = entry.call(device, buffer.baseAddress, UInt32(capacity))
            return (rc, rc == NVML_SUCCESS ? String(cString: buffer.baseAddress!) : nil)
        }
        return try get(entry.name, &s, { rc }) ? text : nil
    }

    private func uint32(
        _ entry: NVMLEntry<NVMLFunction.DeviceUInt32>?, _ device: nvmlDevice_t?, _ s: inout GPUSample
    ) throws(NVMLError) -> UInt32? {
        guard let entry else { return nil }
        var value: UInt32 = 0
        return try get(entry.name, &s, { entry.call(device, &value) }) ? value : nil
    }

    private func milliwatts(
        _ entry: NVMLEntry<NVMLFunction.DeviceUInt32>?, _ device: nvmlDevice_t?, _ s: inout GPUSample
    ) throws(NVMLError) -> Double? {
        try uint32(entry, device, &s).map { Double($0) / 1000 }
    }

    private func threshold(
        _ kind: nvmlTemperatureThresholds_t, _ device: nvmlDevice_t?, _ s: inout GPUSample
    ) throws(NVMLError) -> Double? {
        guard let f = symbols.threshold else { return nil }
        var c: UInt32 = 0
        return try get(f.name, &s, { f.call(device, kind, &c) }) ? Double(c) : nil
    }

    private func clock(
        _ kind: nvmlClockType_t, _ device: nvmlDevice_t?, _ s: inout GPUSample
    ) throws(NVMLError)
        -> Double?
    {
        guard let f = symbols.clock else { return nil }
        var mhz: UInt32 = 0
        return try get(f.name, &s, { f.call(device, kind, &mhz) }) ? Double(mhz) : nil
    }

    /// `nvmlDeviceGetMemoryInfo_v2` (used excludes reserved), else the v1 call (used includes reserved).
    private func readMemory(_ device: nvmlDevice_t?, _ s: inout GPUSample) throws(NVMLError) {
        if let f = symbols.memoryV2 {
            var m = nvmlMemory_v2_t()
            m.version = UInt32(MemoryLayout<nvmlMemory_v2_t>.size) | (2 << 24)  // nvmlMemory_v2
            let rc = f.call(device, &m)
            if rc != NVML_ERROR_ARGUMENT_VERSION_MISMATCH || symbols.memoryV1 == nil {
                if try get(f.name, &s, { rc }) {
                    s.memTotalBytes = m.total
                    s.memUsedBytes = m.used
                    s.memFreeBytes = m.free
                    s.memReservedBytes = m.reserved
                }
                return
            }
        }
        if let f = symbols.memoryV1 {
            var m = nvmlMemory_t()
            if try get(f.name, &s, { f.call(device, &m) }) {
                s.memTotalBytes = m.total
                s.memUsedBytes = m.used
                s.memFreeBytes = m.free
            }
        }
    }
}
