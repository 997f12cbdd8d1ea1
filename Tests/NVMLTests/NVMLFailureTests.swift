import FleetCore
import Foundation
import NVML
import Testing

/// Driver not loaded, library missing, GPU lost, malformed fixture: each a clear, typed error.
@Suite struct NVMLFailureTests {
    @Test func lostGPUIsUnreachableWhileTheOthersKeepReporting() throws {
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"], lost: [2])
        let readings = nvml.readAll(host: "h", at: .now())
        #expect(readings.count == 8)
        #expect(readings[2].status == .unreachable)
        #expect(readings[2].error?.contains("nvmlDeviceGetHandleByIndex_v2 failed: GPU is lost") == true)
        #expect(readings[2].device.description == "gpu:nvml-index-2" && readings[2].powerW == nil)
        #expect(readings.enumerated().allSatisfy { $0.offset == 2 || $0.element.status == .ok })
    }

    @Test func sampleOfALostGPUThrowsGPUIsLost() throws {
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"], lost: [0])
        let error = #expect(throws: NVMLError.self) { try nvml.sample(index: 0) }
        #expect(error?.code == .gpuIsLost && error?.gpuIndex == 0)
        #expect(error?.description.contains("fallen off the bus") == true)
    }

    @Test func driverNotLoadedFailsTheLoadWithAHint() throws {
        let settings = FakeNVMLSettings(fixtures: [FakeGPU.fixture("rtx-4090.gpu")], driverNotLoaded: true)
        let path = try FakeGPU.instance(settings)
        let error = #expect(throws: NVMLError.self) { try NVMLLibrary.load(path: path) }
        #expect(error?.code == .driverNotLoaded && error?.function == "nvmlInit_v2")
        #expect(error?.message == "Driver Not Loaded")
        #expect(error?.description.contains("kernel driver") == true)
    }

    @Test func missingLibraryNamesThePath() {
        let error = #expect(throws: NVMLError.self) {
            try NVMLLibrary.load(path: "/nonexistent/libnvidia-ml.so.1")
        }
        #expect(error?.code == .libraryNotFound && error?.function == "dlopen")
        #expect(error?.message.contains("/nonexistent/libnvidia-ml.so.1") == true)
        #expect(error?.description.contains("--nvml-lib") == true)
    }

    @Test func malformedFixtureIsReportedWithFileAndLine() throws {
        let fixture = try FakeGPU.temporaryDirectory() + "/broken.gpu"
        try "driver_version = 1\n[gpu]\nname = X\nuuid = GPU-1\npower_draw_w = lots\n"
            .write(toFile: fixture, atomically: true, encoding: .utf8)
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [fixture]))
        let error = #expect(throws: NVMLError.self) { try NVMLLibrary.load(path: path) }
        #expect(error?.code == .unknown)
        #expect(error?.message.contains("\(fixture):5: power_draw_w: expected watts") == true)
    }

    @Test func unknownFixtureKeyIsReportedWithFileAndLine() throws {
        let fixture = try FakeGPU.temporaryDirectory() + "/typo.gpu"
        try "[gpu]\nname = X\nuuid = GPU-1\nfan_speed_rpm = 3\n".write(
            toFile: fixture, atomically: true, encoding: .utf8)
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [fixture]))
        let error = #expect(throws: NVMLError.self) { try NVMLLibrary.load(path: path) }
        #expect(error?.message.contains("\(fixture):4: unknown [gpu] key 'fan_speed_rpm'") == true)
    }

    @Test func everyCommittedFixtureLoads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: FakeGPU.fixture(""))
            .filter { $0.hasSuffix(".gpu") }
        #expect(names.count >= 5)
        for name in names {
            let nvml = try FakeGPU.load([name])
            #expect(try nvml.deviceCount() > 0, "\(name)")
        }
    }
}

/// A GPU that falls off the bus while the agent runs keeps its name and address from earlier reads.
@Suite struct NVMLRuntimeLossTests {
    @Test func gpuLostAfterReadingKeepsItsIdentity() throws {
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [FakeGPU.fixture("a100-sxm4-80gb-node.gpu")]))
        let nvml = try NVMLLibrary.load(path: path)
        let before = nvml.readAll(host: "h", at: .now())
        // The copy is already loaded: dlopen returns the same library, whose test hook flips the GPU.
        let handle = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL))
        let setLost = unsafeBitCast(
            try #require(dlsym(handle, "fakeNvmlSetLost")), to: (@convention(c) (UInt32, Int32) -> Int32).self)
        #expect(setLost(4, 1) == 0)
        let after = nvml.readAll(host: "h", at: .now())
        #expect(after[4].status == .unreachable && after[4].powerW == nil)
        #expect(after[4].device == before[4].device && after[4].address == "0000:88:00.0")
        #expect(after[4].model == "NVIDIA A100-SXM4-80GB")
        #expect(after.enumerated().allSatisfy { $0.offset == 4 || $0.element.status == .ok })
        #expect(setLost(4, 0) == 0)
        #expect(nvml.readAll(host: "h", at: .now())[4].status == .ok)
    }
}
