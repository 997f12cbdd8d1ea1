import FleetCore
import Ledger

/// The readings a large host produces: miners with every field a real miner reading carries, plus a few GPUs with
/// NVML counters, so that the stored JSON has a realistic size.
struct SyntheticSite {
    let devices: Int
    let gpus: Int

    /// The cycle taken at `time` (the `n`th), every device read 0.3 s after the tick.
    func cycle(_ n: Int, at time: Timestamp, interval: Duration) -> PollCycle {
        let taken = Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch + 300)
        var readings: [CycleReading] = []
        readings.reserveCapacity(devices)
        for index in 0..<devices {
            readings.append(index < gpus ? gpu(index, n, taken) : miner(index, n, taken))
        }
        return PollCycle(time: time, interval: interval, readings: readings)
    }

    private func miner(_ index: Int, _ n: Int, _ time: Timestamp) -> CycleReading {
        var reading = Reading(
            time: time, host: "bench-host", device: .asic(endpoint: "02:00:00:\(index / 256 % 256):\(index % 256):01"),
            kind: .asic, address: "10.1.\(index / 250).\(index % 250 + 2):4028")
        reading.vendor = "Bitmain"
        reading.model = "Antminer S19 Pro"
        reading.firmware = "bmminer 1.0.0"
        reading.powerW = 3250 + Double((index * 7 + n * 13) % 100)
        reading.powerQuality = .reported
        reading.powerLimitW = 3300
        reading.tenant = "tenant-\(index % 4)"
        reading.hashrateHs = 110e12 + Double(index % 97) * 1e9
        reading.hashrateAvgHs = 109.5e12
        reading.tempMaxC = 78
        reading.tempChipC = [74, 77, 78]
        reading.tempBoardC = [60, 63, 62]
        reading.fansRPM = [5400, 5460, 5520, 5380]
        return CycleReading(reading, uptimeS: Double(86_400 + n * 10))
    }

    private func gpu(_ index: Int, _ n: Int, _ time: Timestamp) -> CycleReading {
        var reading = Reading(
            time: time, host: "bench-host", device: .gpu(uuid: "GPU-0000000\(index)-aaaa-bbbb-cccc-dddddddddddd"),
            kind: .gpu, address: "0000:\(String(index + 16, radix: 16)):00.0")
        reading.vendor = "NVIDIA"
        reading.model = "NVIDIA H100 80GB HBM3"
        reading.powerW = 650
        reading.powerQuality = .reported
        reading.powerLimitW = 700
        reading.energyJ = 1e9 + Double(n) * 6500
        reading.tempMaxC = 61
        reading.gpuUtilPct = 97
        reading.memUsedBytes = 7.2e10
        reading.memTotalBytes = 8.5e10
        reading.smClockMHz = 1980
        reading.pstate = "P0"
        reading.throttle = []
        return CycleReading(reading)
    }
}
