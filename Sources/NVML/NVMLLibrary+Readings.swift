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
                remember(sample)
                return sample.reading(host: host, at: time, driverVersion: driverVersion)
            case .failure(let error):
                return failedReading(index: index, error: error, host: host, time: time)
            }
        }
    }

    private func remember(_ sample: GPUSample) {
        let identity = GPUIdentity(uuid: sample.uuid, pciBusID: sample.pciBusID, name: sample.name)
        identities.withLock { known in
            if known[sample.index] != identity { known[sample.index] = identity }
        }
    }

    /// A reading for a GPU that could not be read, named by what was learnt of it earlier, else by its index.
    private func failedReading(index: Int, error: NVMLError, host: String, time: Timestamp) -> Reading {
        let identity = identities.withLock { $0[index] }
        var reading = Reading(
            time: time, host: host,
            device: identity?.uuid.map { "gpu:\($0)" } ?? "gpu:nvml-index-\(index)", kind: .gpu,
            address: identity?.pciBusID?.description ?? "nvml-index:\(index)",
            status: error.code == .gpuIsLost ? .unreachable : .error, error: error.description)
        reading.vendor = "NVIDIA"
        reading.model = identity?.name
        reading.firmware = driverVersion.map { "NVIDIA driver \($0)" }
        return reading
    }
}

extension GPUSample {
    /// The sample in the reading schema: device `gpu:<UUID>`, address the PCI bus id (`0000:17:00.0`),
    /// power quality `reported` (the GPU's own sensor), power limit = the enforced limit.
    public func reading(host: String, at time: Timestamp, driverVersion: String?) -> Reading {
        var r = Reading(
            time: time, host: host, device: uuid.map { "gpu:\($0)" } ?? "gpu:nvml-index-\(index)", kind: .gpu,
            address: pciBusID?.description ?? "nvml-index:\(index)")
        r.vendor = "NVIDIA"
        r.model = name
        r.firmware = driverVersion.map { "NVIDIA driver \($0)" }
        r.powerW = powerW
        r.powerQuality = powerW == nil ? nil : .reported
        r.powerLimitW = enforcedLimitW
        r.energyJ = energyJ
        r.tempMaxC = tempC
        r.gpuUtilPct = gpuUtilPct
        r.memUsedBytes = memUsedBytes.map { Double($0) }
        r.memTotalBytes = memTotalBytes.map { Double($0) }
        r.smClockMHz = smClockMHz
        r.pstate = pstate.map { "P\($0)" }
        r.throttle = clockEventReasons?.names
        if !problems.isEmpty {
            r.error = problems.map(\.description).joined(separator: "; ")
        }
        return r
    }
}
