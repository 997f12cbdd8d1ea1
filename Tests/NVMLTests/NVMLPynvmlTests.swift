import FleetCore
import Foundation
import NVML
import Testing

/// FakeNVML read through NVIDIA's own Python bindings (nvidia-ml-py) must give what the agent reads.
@Suite struct NVMLPynvmlTests {
    static let script = FakeGPU.packageRoot + "/Tests/NVMLTests/python/pynvml_probe.py"

    static func pynvml(_ arguments: [String], library: String) async throws -> String {
        let bindings = try await PyPITools.pynvmlDirectory()
        let directory = (library as NSString).deletingLastPathComponent
        let out = try await PyPITools.run(
            ["python3", script] + arguments,
            environment: ["LD_LIBRARY_PATH": directory, "PYTHONPATH": bindings, "PYTHONDONTWRITEBYTECODE": "1"])
        try #require(out.status == 0, "pynvml_probe.py \(arguments): \(out.stderr)")
        return out.stdout
    }

    struct Probe: Decodable {
        var driver: String
        var gpus: [GPU]
    }

    /// pynvml's names, as the Python script prints them.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct GPU: Decodable {
        var index: Int
        var name, uuid, serial, bus_id: String?
        var pci_device_id: UInt32?
        var power_mw, enforced_limit_mw, management_limit_mw, min_limit_mw, max_limit_mw, default_limit_mw: UInt32?
        var temp_c, slowdown_c, shutdown_c, fan_pct, util_gpu, util_mem, sm_mhz, mem_mhz, pstate: UInt32?
        var num_fans, fan0_rpm: UInt32?
        var mem_total, mem_used, mem_free, mem_reserved, reasons, energy_mj: UInt64?
        var persistence: Bool?
        var code: Int?
    }

    @Test(arguments: ["a100-sxm4-80gb-node.gpu", "SYNTHETIC-mining-rig-3090x1-4090x1.gpu", "h100-sxm5-80gb-idle.gpu"])
    func pynvmlReadsWhatTheAgentReads(fixture: String) async throws {
        let library = try FakeGPU.instance(FakeNVMLSettings(fixtures: [FakeGPU.fixture(fixture)], lost: [1]))
        let probe = try JSONDecoder().decode(
            Probe.self, from: Data(try await Self.pynvml(["read"], library: library).utf8))
        let nvml = try NVMLLibrary.load(path: library)
        #expect(probe.driver == nvml.driverVersion)
        #expect(probe.gpus.count == (try nvml.deviceCount()))
        for gpu in probe.gpus {
            if gpu.index == 1 {
                #expect(gpu.code == 15)  // NVML_ERROR_GPU_IS_LOST, as the agent sees it
                #expect((try? nvml.sample(index: 1)) == nil)
                continue
            }
            let s = try nvml.sample(index: gpu.index)
            #expect(gpu.name == s.name && gpu.uuid == s.uuid && gpu.serial == s.serial)
            #expect(gpu.bus_id.flatMap { PCIBusID($0) } == s.pciBusID)
            #expect(gpu.pci_device_id.flatMap { $0 == 0 ? nil : $0 } == s.pciDeviceID)
            #expect(gpu.power_mw.map { Double($0) / 1000 } == s.powerW)
            #expect(gpu.enforced_limit_mw.map { Double($0) / 1000 } == s.enforcedLimitW)
            #expect(gpu.management_limit_mw.map { Double($0) / 1000 } == s.managementLimitW)
            #expect(gpu.min_limit_mw.map { Double($0) / 1000 } == s.minLimitW)
            #expect(gpu.max_limit_mw.map { Double($0) / 1000 } == s.maxLimitW)
            #expect(gpu.default_limit_mw.map { Double($0) / 1000 } == s.defaultLimitW)
            #expect(gpu.temp_c.map(Double.init) == s.tempC)
            #expect(gpu.slowdown_c.map(Double.init) == s.slowdownTempC)
            #expect(gpu.shutdown_c.map(Double.init) == s.shutdownTempC)
            #expect(gpu.fan_pct.map(Double.init) == s.fanPct)
            #expect(gpu.fan0_rpm.map(Double.init) == s.fansRPM?.first)
            #expect(gpu.util_gpu.map(Double.init) == s.gpuUtilPct && gpu.util_mem.map(Double.init) == s.memUtilPct)
            #expect(gpu.mem_total == s.memTotalBytes && gpu.mem_used == s.memUsedBytes)
            #expect(gpu.mem_free == s.memFreeBytes && gpu.mem_reserved == s.memReservedBytes)
            #expect(gpu.sm_mhz.map(Double.init) == s.smClockMHz && gpu.mem_mhz.map(Double.init) == s.memClockMHz)
            #expect(gpu.pstate.map(Int.init) == s.pstate)
            #expect(gpu.reasons == s.clockEventReasons?.rawValue)
            #expect(gpu.persistence == s.persistenceMode)
            #expect(gpu.energy_mj != nil && s.energyJ != nil)
        }
    }

    /// Fan RPM through pynvml, which builds `nvmlFanSpeedInfo_t` and its version word itself, against a SYNTHETIC
    /// fan list (no capture records RPM); and a board without RPM reads as none in both.
    @Test func pynvmlReadsTheFanRPMTheAgentReads() async throws {
        let fans = try NVMLFanTests.syntheticFans("1650, 1702")
        let library = try FakeGPU.instance(
            FakeNVMLSettings(fixtures: [fans, FakeGPU.fixture("h100-sxm5-80gb-idle.gpu")]))
        let probe = try JSONDecoder().decode(
            Probe.self, from: Data(try await Self.pynvml(["read"], library: library).utf8))
        let nvml = try NVMLLibrary.load(path: library)
        #expect(probe.gpus.count == 2)
        #expect(probe.gpus[0].num_fans == 2 && probe.gpus[0].fan0_rpm == 1650)
        #expect(try nvml.sample(index: 0).fansRPM?.first == 1650)
        #expect(probe.gpus[1].num_fans == nil && probe.gpus[1].fan0_rpm == nil)
        #expect(try nvml.sample(index: 1).fansRPM == nil)
    }

    @Test func limitSetThroughPynvmlIsWhatTheAgentReadsBack() async throws {
        let journal = try FakeGPU.temporaryDirectory() + "/journal"
        let settings = FakeNVMLSettings(fixtures: [FakeGPU.fixture("rtx-3090-capped-200w.gpu")], journal: journal)
        #expect(try await Self.pynvml(["set", "0", "250000"], library: try FakeGPU.instance(settings)) == "ok\n")
        #expect(
            try await Self.pynvml(["set", "0", "400000"], library: try FakeGPU.instance(settings))
                == "error 2 Invalid Argument\n")
        let s = try NVMLLibrary.load(path: try FakeGPU.instance(settings)).sample(index: 0)
        #expect(s.enforcedLimitW == 250 && s.managementLimitW == 250)
    }
}
