import Foundation
import NVML
import Testing

/// The names the agent resolves, and the names FakeNVML exports, against the NVML functions that real drivers export
/// (`readelf` of libnvidia-ml.so.1 590.48.01 and 610.57.04, recorded in the corpus; `Fixtures/gpus/nvml-symbols-*`).
@Suite struct NVMLRealSymbolTests {
    static let drivers = ["nvml-symbols-590.48.01.txt", "nvml-symbols-610.57.04.txt"]

    /// The function names a real driver exports, without the header comments.
    static func exported(_ file: String) throws -> Set<String> {
        let names = FakeGPU.lines(of: FakeGPU.fixture(file)).filter { !$0.hasPrefix("#") }
        try #require(names.count > 400, "\(file): \(names.count) names")
        return Set(names)
    }

    @Test(arguments: drivers)
    func everyNameTheAgentUsesOnACurrentDriverIsExportedByTheRealOne(file: String) throws {
        let real = try Self.exported(file)
        let resolved = try FakeGPU.load(["h100-sxm5-80gb-load.gpu"]).resolvedSymbols
        // The whole table of NVMLSymbols resolves on a current driver, the v1 memory fallback included.
        #expect(resolved.count == 29)
        #expect(resolved.filter { !real.contains($0) } == [])
    }

    /// Real drivers keep exporting the old, unversioned names, so the fallbacks would also resolve on them.
    @Test(arguments: drivers)
    func theOldDriverFallbacksAreStillExportedByTheRealOne(file: String) throws {
        let real = try Self.exported(file)
        let resolved = try FakeGPU.load(["h100-sxm5-80gb-load.gpu"], oldDriver: true).resolvedSymbols
        #expect(resolved.contains("nvmlInit") && resolved.contains("nvmlDeviceGetPciInfo"))
        #expect(resolved.filter { !real.contains($0) } == [])
    }

    /// FakeNVML exports nothing that NVIDIA's library does not (the dynamic symbol table, read with `nm -D`).
    @Test func fakeNVMLExportsOnlyRealNVMLNames() async throws {
        let real = try Self.exported("nvml-symbols-610.57.04.txt").union(
            try Self.exported("nvml-symbols-590.48.01.txt"))
        for oldDriver in [false, true] {
            let library = try #require(FakeNVMLLocator.besideExecutable(oldDriver: oldDriver))
            let nm = try await PyPITools.run(["nm", "-D", "--defined-only", library])
            try #require(nm.status == 0, "nm -D \(library): \(nm.stderr)")
            let exported = nm.stdout.split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: " ")
                guard fields.count == 3, fields[1] == "T", fields[2].hasPrefix("nvml") else { return nil }
                return String(fields[2])
            }
            #expect(exported.count >= (oldDriver ? 20 : 28), "\(library)")
            #expect(exported.filter { !real.contains($0) } == [], "\(library)")
        }
    }
}
