import FleetCore
import NVML
import Testing

@testable import NVML

/// Older drivers: unversioned names only, and optional functions that are missing altogether.
@Suite struct NVMLFallbackTests {
    @Test func oldDriverIsReadThroughTheUnversionedNames() throws {
        let nvml = try FakeGPU.load(["a100-sxm4-80gb-node.gpu"], oldDriver: true)
        let names = nvml.resolvedSymbols
        #expect(names.contains("nvmlInit") && !names.contains("nvmlInit_v2"))
        #expect(names.contains("nvmlDeviceGetCount") && names.contains("nvmlDeviceGetHandleByIndex"))
        #expect(names.contains("nvmlDeviceGetPciInfo") && names.contains("nvmlDeviceGetMemoryInfo"))
        #expect(names.contains("nvmlDeviceGetCurrentClocksThrottleReasons"))
        let s = try nvml.sample(index: 1)
        #expect(s.pciBusID?.description == "0000:0b:00.0")
        #expect(s.pciDeviceID == 0x20B2_10DE)
        // v1 memory: "used" includes the reserved memory, and the reserved amount itself is unknown.
        #expect(s.memUsedBytes == (15995 + 834) * 1_048_576 && s.memReservedBytes == nil)
        #expect(s.clockEventReasons == [])
        #expect(s.powerW == 87.03)
    }

    @Test func currentDriverUsesTheVersionedNames() throws {
        let names = try FakeGPU.load(["rtx-4090.gpu"]).resolvedSymbols
        #expect(
            names.starts(with: [
                "nvmlInit_v2", "nvmlShutdown", "nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2",
            ]))
        #expect(names.contains("nvmlDeviceGetPciInfo_v3") && names.contains("nvmlDeviceGetMemoryInfo_v2"))
        #expect(names.contains("nvmlDeviceGetCurrentClocksEventReasons"))
    }

    @Test func missingOptionalFunctionMakesItsFieldNull() throws {
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [FakeGPU.fixture("h100-sxm5-80gb-load.gpu")]))
        let nvml = try NVMLLibrary.load(
            path: path,
            hiding: ["nvmlDeviceGetTotalEnergyConsumption", "nvmlDeviceGetFanSpeed", "nvmlDeviceGetSerial"])
        let s = try nvml.sample(index: 0)
        #expect(s.energyJ == nil && s.serial == nil)
        #expect(s.powerW == 631.95 && s.problems.isEmpty)
        let error = #expect(throws: NVMLError.self) {
            _ = try NVMLLibrary.load(path: path, hiding: ["nvmlInit_v2", "nvmlInit"])
        }
        #expect(error?.code == .functionNotFound && error?.function == "nvmlInit_v2")
    }

    @Test func missingSetFunctionIsAFunctionNotFoundError() throws {
        let path = try FakeGPU.instance(FakeNVMLSettings(fixtures: [FakeGPU.fixture("rtx-4090.gpu")]))
        let nvml = try NVMLLibrary.load(path: path, hiding: ["nvmlDeviceSetPowerManagementLimit"])
        let error = #expect(throws: NVMLError.self) { try nvml.setPowerLimit(index: 0, watts: 300) }
        #expect(error?.code == .functionNotFound && error?.function == "nvmlDeviceSetPowerManagementLimit")
    }
}
