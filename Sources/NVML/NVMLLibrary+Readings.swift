import FleetCore

extension NVMLLibrary {
    /// One reading per GPU in the DESIGN.md schema. A GPU that fails (lost, no permission) gives a reading with
    /// status `unreachable` or `error` and NVML's message, and the other GPUs still read. If NVML cannot even
    /// count its GPUs, every GPU seen before gets an error reading.
    public func readAll(host: String, at time: Timestamp) -> [Reading] {
        let results: [Result<GPUSample, NVMLError>]
        do throws(NVMLError) {
            results = try sampleAll()
        } catch {
            let known = identities.withLock { $0 }
            return known.keys.sorted().map { failedReading(index: $0, error: error, host: host, time: time) }
        }
        return results.enumerated().map { index, result in
            switch result {
            case .success(let sample):
                let identity = remember(sample)
                return sample.reading(
                    host: host, at: time, device: identity.device, address: identity.address, firmware: firmware)
            case .failure(let error):
                return failedReading(index: index, error: error, host: host, time: time)
            }
        }
    }

    /// Keeps what names the GPU (and the strings made from it, reused while it does not change).
    private func remember(_ sample: GPUSample) -> GPUIdentity {
        identities.withLock { known in
            if let identity = known[sample.index], identity.uuid == sample.uuid, identity.pciBusID == sample.pciBusID,
                identity.name == sample.name
            {
                return identity
            }
            let identity = GPUIdentity(sample)
            known[sample.index] = identity
            return identity
        }
    }

    /// A reading for a GPU that could not be read, named by what was learnt of it earlier, else by its index.
    private func failedReading(index: Int, error: NVMLError, host: String, time: Timestamp) -> Reading {
        let identity = identities.withLock { $0[index] }
        var reading = Reading(
            time: time, host: host, device: identity?.device ?? GPUSample.device(uuid: nil, index: index), kind: .gpu,
            address: identity?.address ?? GPUSample.address(pciBusID: nil, index: index),
            status: error.code == .gpuIsLost ? .unreachable : .error, error: error.description)
        reading.vendor = "NVIDIA"
        reading.model = identity?.name
        reading.firmware = firmware
        return reading
    }
}

extension GPUSample {
    /// The sample in the reading schema: device `gpu:<UUID>`, address the PCI bus id (`0000:17:00.0`),
    /// power quality `reported` (the GPU's own sensor), power limit = the enforced limit.
    public func reading(host: String, at time: Timestamp, driverVersion: String?) -> Reading {
        reading(
            host: host, at: time, device: Self.device(uuid: uuid, index: index),
            address: Self.address(pciBusID: pciBusID, index: index), firmware: NVMLLibrary.firmware(driverVersion))
    }

    func reading(host: String, at time: Timestamp, device: DeviceID, address: String, firmware: String?) -> Reading {
        var r = Reading(time: time, host: host, device: device, kind: .gpu, address: address)
        r.vendor = "NVIDIA"
        r.model = name
        r.firmware = firmware
        r.powerW = powerW
        r.powerQuality = powerW == nil ? nil : .reported
        r.powerLimitW = enforcedLimitW
        r.energyJ = energyJ
        r.tempMaxC = tempC
        r.fansRPM = fansRPM
        r.gpuUtilPct = gpuUtilPct
        r.memUsedBytes = memUsedBytes.map { Double($0) }
        r.memTotalBytes = memTotalBytes.map { Double($0) }
        r.smClockMHz = smClockMHz
        r.pstate = pstate.map { Self.pstateNames[$0] }
        r.throttle = clockEventReasons?.names
        if !problems.isEmpty {
            r.error = problems.map(\.description).joined(separator: "; ")
        }
        r.screenImplausibleValues(gpuMaxPowerW: maxLimitW)
        return r
    }

    static let pstateNames = (0...15).map { "P\($0)" }

    /// `gpu:<UUID>`, or `gpu:nvml-index-<N>` when NVML gave no UUID.
    public static func device(uuid: String?, index: Int) -> DeviceID {
        uuid.map(DeviceID.gpu(uuid:)) ?? .gpu(nvmlIndex: index)
    }

    /// The PCI bus id (`0000:17:00.0`), or `nvml-index:<N>` when NVML gave none.
    static func address(pciBusID: PCIBusID?, index: Int) -> String {
        pciBusID?.description ?? "nvml-index:\(index)"
    }
}

extension NVMLLibrary {
    /// The reading's `firmware` field: `NVIDIA driver 590.48.01`.
    static func firmware(_ driverVersion: String?) -> String? { driverVersion.map { "NVIDIA driver \($0)" } }
}
