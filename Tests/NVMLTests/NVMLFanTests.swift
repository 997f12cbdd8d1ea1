import FleetCore
import Foundation
import NVML
import Testing

/// Fan speed in RPM (`nvmlDeviceGetNumFans` + `nvmlDeviceGetFanSpeedRPM`, R570+) into the reading's `fans_rpm`.
@Suite struct NVMLFanTests {
    /// The recorded RTX 4090 with SYNTHETIC fan RPMs: no capture records RPM (nvidia-smi prints percent only).
    static func syntheticFans(_ rpm: String) throws -> String {
        let recorded = try String(contentsOfFile: FakeGPU.fixture("rtx-4090.gpu"), encoding: .utf8)
        #expect(recorded.contains("\nfan_rpm = N/A\n"))
        let path = try FakeGPU.temporaryDirectory() + "/SYNTHETIC-rtx-4090-fan-rpm.gpu"
        try
            ("# SYNTHETIC: rtx-4090.gpu with made-up fan RPMs.\n"
            + recorded.replacingOccurrences(of: "\nfan_rpm = N/A\n", with: "\nfan_rpm = \(rpm)\n"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func eachFansRPMReachesTheReading() throws {
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [try Self.syntheticFans("1650, 1702")]))
        let nvml = try NVMLLibrary.load(path: path)
        let s = try nvml.sample(index: 0)
        #expect(s.fansRPM == [1650, 1702] && s.fanPct == 0 && s.problems.isEmpty)
        let reading = s.reading(host: "h", at: .now(), driverVersion: nvml.driverVersion)
        #expect(reading.fansRPM == [1650, 1702])
    }

    @Test func boardWithAFanButNoRPMHasNoFansRPM() throws {
        let s = try FakeGPU.load(["rtx-4090.gpu"]).sample(index: 0)
        #expect(s.fanPct == 0 && s.fansRPM == nil && s.problems.isEmpty)
    }

    @Test func fanlessSXMBoardHasNoFansRPM() throws {
        let s = try FakeGPU.load(["h200-sxm-141gb-idle.gpu"]).sample(index: 0)
        #expect(s.fanPct == nil && s.fansRPM == nil && s.problems.isEmpty)
    }

    @Test func driverOlderThanR570IsReadWithoutFansRPM() throws {
        let path = try FakeGPU.instance(
            FakeNVMLSettings(fixtures: [try Self.syntheticFans("1650, 1702")]), oldDriver: true)
        let nvml = try NVMLLibrary.load(path: path)
        #expect(!nvml.resolvedSymbols.contains("nvmlDeviceGetFanSpeedRPM"))
        let s = try nvml.sample(index: 0)
        #expect(s.fansRPM == nil && s.fanPct == 0 && s.problems.isEmpty)
    }

    @Test func malformedFanRPMIsReportedWithFileAndLine() throws {
        let fixture = try Self.syntheticFans("1650, fast")
        let error = #expect(throws: NVMLError.self) {
            try NVMLLibrary.load(path: try FakeGPU.instance(FakeNVMLSettings(fixtures: [fixture])))
        }
        #expect(error?.message.contains("\(fixture):") == true)
        #expect(error?.message.contains("expected whole RPM numbers") == true)
    }
}
