import CNVML
import Foundation
import NVML
import Testing

/// FakeNVML and the agent against NVIDIA's own definitions: nvml.h from PyPI's nvidia-nvml-dev-cu12 wheel,
/// fetched at test time into the build folder (never committed).
@Suite struct NVMLABITests {
    static let sources = FakeGPU.packageRoot + "/Sources"
    static let includes = [
        "-I\(sources)/CNVML/include", "-I\(sources)/FakeNVMLCore/include", "-I\(sources)/FakeNVMLCore",
    ]

    /// Compiles abi_layout.c with the given flags, runs it and returns its output.
    static func layout(_ flags: [String], output: String) async throws -> String {
        let cc = try await PyPITools.cCompiler()
        let build = try await PyPITools.run(
            [cc, "-std=gnu11", "-Wall", "-Werror"] + flags + includes
                + ["-o", output, FakeGPU.packageRoot + "/Tests/NVMLTests/abi/abi_layout.c"])
        try #require(build.status == 0, "abi_layout.c: \(build.stderr)")
        let run = try await PyPITools.run([output])
        try #require(run.status == 0)
        return run.stdout
    }

    @Test func ownDeclarationsHaveNVIDIAsLayoutAndValues() async throws {
        let header = try await PyPITools.nvidiaHeaderDirectory()
        let work = try FakeGPU.temporaryDirectory()
        let nvidia = try await Self.layout(["-DCNVML_USE_NVIDIA_HEADER", "-I\(header)"], output: work + "/nvidia")
        let own = try await Self.layout([], output: work + "/own")
        #expect(nvidia.split(separator: "\n").count > 90)
        #expect(own == nvidia)
    }

    @Test func swiftSeesTheSameLayoutAsNVIDIAsHeader() async throws {
        let header = try await PyPITools.nvidiaHeaderDirectory()
        let nvidia = try await Self.layout(
            ["-DCNVML_USE_NVIDIA_HEADER", "-I\(header)"], output: try FakeGPU.temporaryDirectory() + "/nvidia")
        var facts: [String: Int] = [:]
        for line in nvidia.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let value = Int(parts[2]) { facts["\(parts[0]) \(parts[1])"] = value }
        }
        #expect(facts["sizeof nvmlPciInfo_t"] == MemoryLayout<nvmlPciInfo_t>.size)
        #expect(facts["offsetof nvmlPciInfo_t.domain"] == MemoryLayout<nvmlPciInfo_t>.offset(of: \.domain))
        #expect(facts["offsetof nvmlPciInfo_t.pciDeviceId"] == MemoryLayout<nvmlPciInfo_t>.offset(of: \.pciDeviceId))
        #expect(facts["offsetof nvmlPciInfo_t.busId"] == MemoryLayout<nvmlPciInfo_t>.offset(of: \.busId))
        #expect(facts["sizeof nvmlMemory_v2_t"] == MemoryLayout<nvmlMemory_v2_t>.size)
        #expect(facts["offsetof nvmlMemory_v2_t.used"] == MemoryLayout<nvmlMemory_v2_t>.offset(of: \.used))
        #expect(facts["sizeof nvmlMemory_t"] == MemoryLayout<nvmlMemory_t>.size)
        #expect(facts["sizeof nvmlUtilization_t"] == MemoryLayout<nvmlUtilization_t>.size)
        #expect(facts["sizeof nvmlReturn_t"] == MemoryLayout<nvmlReturn_t>.size)
        // The version word NVMLLibrary computes for nvmlDeviceGetMemoryInfo_v2.
        #expect(facts["value nvmlMemory_v2"] == Int(UInt32(MemoryLayout<nvmlMemory_v2_t>.size) | (2 << 24)))
    }

    /// Builds libnvidia-ml.so.1 from FakeNVML's sources with NVIDIA's prototypes in scope (a signature that
    /// differs from nvml.h is a compile error under -Werror), then reads it through the agent.
    @Test func fakeNVMLBuiltAgainstNVIDIAsHeaderServesTheAgent() async throws {
        let header = try await PyPITools.nvidiaHeaderDirectory()
        let cc = try await PyPITools.cCompiler()
        let work = try FakeGPU.temporaryDirectory()
        let files = try ["FakeNVMLCore", "FakeNVML"].flatMap { target in
            try FileManager.default.contentsOfDirectory(atPath: "\(Self.sources)/\(target)")
                .filter { $0.hasSuffix(".c") }.map { "\(Self.sources)/\(target)/\($0)" }
        }
        #expect(files.count >= 4)
        let library = work + "/libnvidia-ml.so.1"
        let build = try await PyPITools.run(
            [
                cc, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-DCNVML_USE_NVIDIA_HEADER",
                "-DNVML_NO_UNVERSIONED_FUNC_DEFS", "-I\(header)",
            ] + Self.includes
                + ["-Wl,-soname,libnvidia-ml.so.1", "-o", library] + files + ["-lpthread", "-ldl", "-lm"])
        try #require(build.status == 0, "FakeNVML does not compile against nvml.h: \(build.stderr)")
        let old = try await PyPITools.run(
            [
                cc, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-DCNVML_USE_NVIDIA_HEADER",
                "-DNVML_NO_UNVERSIONED_FUNC_DEFS", "-I\(header)",
            ] + Self.includes
                + ["\(Self.sources)/FakeNVMLOld/exports_old.c"])
        #expect(old.status == 0, "FakeNVMLOld: \(old.stderr)")
        try FakeNVMLSettings(fixtures: [FakeGPU.fixture("h100-sxm5-80gb-load.gpu")]).conf
            .write(toFile: library + ".conf", atomically: true, encoding: .utf8)
        let s = try NVMLLibrary.load(path: library).sample(index: 0)
        #expect(s.pciBusID?.description == "0000:00:09.0" && s.powerW == 631.95 && s.memReservedBytes == 479 << 20)
    }
}
