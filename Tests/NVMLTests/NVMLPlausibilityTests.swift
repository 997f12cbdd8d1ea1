import FleetCore
import Foundation
import NVML
import Testing

/// A GPU that reports what no GPU can (a glitching sensor, a driver bug) gets those values dropped and named,
/// through the real dlopen path of FakeNVML.
@Suite struct NVMLPlausibilityTests {
    /// SYNTHETIC: the recorded RTX 4090 with each `old` line replaced by `new`.
    static func edited(_ edits: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: FakeGPU.fixture("rtx-4090.gpu"), encoding: .utf8)
        for (old, new) in edits {
            try #require(text.contains("\n\(old)\n"), "rtx-4090.gpu has no '\(old)'")
            text = text.replacingOccurrences(of: "\n\(old)\n", with: "\n\(new)\n")
        }
        let path = try FakeGPU.temporaryDirectory() + "/SYNTHETIC-rtx-4090-glitching.gpu"
        try ("# SYNTHETIC: rtx-4090.gpu with impossible values.\n" + text)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func impossibleTemperatureAndUtilizationAreDroppedAndNamed() throws {
        let fixture = try Self.edited([("temp_c = 40", "temp_c = 5000"), ("util_gpu_pct = 0", "util_gpu_pct = 900")])
        let nvml = try NVMLLibrary.load(path: try FakeGPU.instance(FakeNVMLSettings(fixtures: [fixture])))
        let reading = try #require(nvml.readAll(host: "h", at: .now()).first)
        #expect(reading.tempMaxC == nil && reading.gpuUtilPct == nil)
        #expect(reading.powerW == 26.84 && reading.powerLimitW == 450 && reading.memTotalBytes != nil)
        #expect(Set(reading.rejected?.map(\.field) ?? []) == ["temp_max_c", "gpu_util_pct"])
        #expect(reading.rejected?.first { $0.field == "temp_max_c" }?.value == "5000")
        #expect(reading.status == .ok, "its power is still plausible")
    }

    @Test func recordedGPUsRejectNothing() throws {
        let fixtures = [
            "rtx-4090.gpu", "h100-sxm5-80gb-load.gpu", "h200-sxm-141gb-mig-load.gpu", "a100-sxm4-80gb-node.gpu",
        ]
        for fixture in fixtures {
            let readings = try FakeGPU.load([fixture]).readAll(host: "h", at: .now())
            #expect(!readings.isEmpty)
            for reading in readings { #expect(reading.rejected == nil, "\(fixture): \(reading.rejected ?? [])") }
        }
    }
}
