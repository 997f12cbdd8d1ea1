import FleetCore
import NVML
import Testing

/// Reading recorded boards through FakeNVML over the real dlopen path.
@Suite struct NVMLReadTests {
    @Test func h100ReadsEveryFieldOfItsCapture() throws {
        let nvml = try FakeGPU.load(["h100-sxm5-80gb-load.gpu"])
        let s = try nvml.sample(index: 0)
        #expect(s.name == "NVIDIA H100 80GB HBM3")
        #expect(s.uuid == "GPU-00000000-0000-0000-0000-000000000000")
        #expect(s.serial == "0000000000000")
        #expect(s.pciBusID?.description == "0000:00:09.0")
        #expect(s.pciDeviceID == 0x2330_10DE)
        #expect(s.powerW == 631.95)
        #expect(s.enforcedLimitW == 700 && s.managementLimitW == 700 && s.defaultLimitW == 700)
        #expect(s.minLimitW == 200 && s.maxLimitW == 700)
        #expect(s.tempC == 59)
        #expect(s.gpuUtilPct == 100 && s.memUtilPct == 11)
        #expect(s.memTotalBytes == 81559 * 1_048_576 && s.memUsedBytes == 19818 * 1_048_576)
        #expect(s.memReservedBytes == 479 * 1_048_576)
        #expect(s.smClockMHz == 1980 && s.memClockMHz == 2619)
        #expect(s.pstate == 0)
        #expect(s.clockEventReasons == [])
        #expect(s.persistenceMode == true)
        #expect(s.problems.isEmpty)
        #expect(nvml.driverVersion == "590.48.01")
    }

    /// The board the device machine of this project carries (an H200 SXM), from its recorded capture.
    @Test func h200ReadsItsCaptureAndTakesALimitWithinItsRange() throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let nvml = try FakeGPU.load(["h200-sxm-141gb-load.gpu"], journal: journal)
        let s = try nvml.sample(index: 0)
        #expect(s.name == "NVIDIA H200" && nvml.driverVersion == "590.48.01")
        #expect(s.pciBusID?.description == "0000:83:00.0" && s.pciDeviceID == 0x2335_10DE)
        #expect(s.powerW == 627.4)
        #expect(s.minLimitW == 200 && s.maxLimitW == 700 && s.defaultLimitW == 700 && s.enforcedLimitW == 700)
        #expect(s.memTotalBytes == 143_771 * 1_048_576 && s.memUsedBytes == 32_362 * 1_048_576)
        #expect(s.memReservedBytes == 614 * 1_048_576)
        #expect(s.tempC == 52 && s.fanPct == nil)
        #expect(s.gpuUtilPct == 100 && s.memUtilPct == 7)
        #expect(s.smClockMHz == 1980 && s.memClockMHz == 3201 && s.pstate == 0)
        #expect(s.persistenceMode == true && s.problems.isEmpty)
        try nvml.setPowerLimit(index: 0, watts: 350)
        #expect(try nvml.sample(index: 0).enforcedLimitW == 350)
        #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 0, watts: 701) }
        #expect(FakeGPU.lines(of: journal).count == 1)
    }

    /// With MIG enabled the whole-GPU utilization is not offered (the capture says N/A): the reading leaves it null
    /// and carries no error, and power and memory are still read.
    @Test func migEnabledH200ReadsWithoutUtilization() throws {
        let nvml = try FakeGPU.load(["h200-sxm-141gb-mig-load.gpu"])
        let s = try nvml.sample(index: 0)
        #expect(s.gpuUtilPct == nil && s.memUtilPct == nil)
        #expect(s.powerW == 295.01 && s.memUsedBytes == 16_959 * 1_048_576)
        #expect(s.problems.isEmpty)
        let reading = try #require(nvml.readAll(host: "h", at: .now()).first)
        #expect(reading.status == .ok && reading.error == nil && reading.gpuUtilPct == nil && reading.powerW == 295.01)
    }

    @Test func sxmBoardHasNoFanAndNoAbsoluteThresholds() throws {
        let s = try FakeGPU.load(["h100-sxm5-80gb-idle.gpu"]).sample(index: 0)
        #expect(s.fanPct == nil)
        #expect(s.slowdownTempC == nil && s.shutdownTempC == nil)
        #expect(s.clockEventReasons == .gpuIdle)
        #expect(s.problems.isEmpty)
    }

    @Test func geforceHasNoSerialButAFan() throws {
        let s = try FakeGPU.load(["rtx-4090.gpu"]).sample(index: 0)
        #expect(s.serial == nil)
        #expect(s.fanPct == 0)
        #expect(s.pstate == 8)
        #expect(s.minLimitW == 10 && s.maxLimitW == 600 && s.enforcedLimitW == 450)
    }

    @Test func cappedBoardReportsLimitBelowDefault() throws {
        let s = try FakeGPU.load(["rtx-3090-capped-200w.gpu"]).sample(index: 0)
        #expect(s.enforcedLimitW == 200 && s.defaultLimitW == 350)
        #expect(s.slowdownTempC == 95 && s.shutdownTempC == 98)
        #expect(s.pciDeviceID == nil)  // redacted in the capture
    }

    @Test func readAllGivesOneSchemaReadingPerGPU() throws {
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"])
        let time = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
        let readings = nvml.readAll(host: "gpu-07", at: time)
        #expect(readings.count == 8)
        let first = try #require(readings.first)
        #expect(first.device.description == "gpu:GPU-eb0003d2-77b4-70fd-4ab9-3ef1c9853c49")
        #expect(first.kind == .gpu && first.status == .ok && first.error == nil)
        #expect(first.address == "0000:07:00.0")
        #expect(first.host == "gpu-07" && first.time == time)
        #expect(first.vendor == "NVIDIA" && first.model == "NVIDIA A100-SXM4-80GB")
        #expect(first.firmware == "NVIDIA driver 525.60.13")
        #expect(first.powerW == 67.97 && first.powerQuality == .reported && first.powerLimitW == 400)
        #expect(first.energyJ != nil)
        #expect(first.tempMaxC == 28 && first.gpuUtilPct == 0 && first.smClockMHz == 1155)
        #expect(first.memUsedBytes == Double(22377 * 1_048_576) && first.memTotalBytes == Double(81920 * 1_048_576))
        #expect(first.pstate == "P0" && first.throttle == [])
        #expect(readings.map(\.address).last == "0000:cb:00.0")
        #expect(Set(readings.map(\.device)).count == 8)
    }

    @Test func energyGrowsWithWallClockAtTheDraw() async throws {
        let nvml = try FakeGPU.load(["h100-sxm5-80gb-load.gpu"])
        let before = try #require(try nvml.sample(index: 0).energyJ)
        let start = ContinuousClock.now
        try await Task.sleep(for: .milliseconds(300))
        let after = try #require(try nvml.sample(index: 0).energyJ)
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        // 631.95 W for at least 0.3 s; the counter is whole millijoules.
        #expect(after - before >= 631.95 * 0.3 - 1)
        #expect(after - before <= 631.95 * (seconds + 0.05))
    }
}
