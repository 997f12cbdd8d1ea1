import FleetCore
import Foundation
import NVML

/// The demo site's GPUs: FakeNVML (built next to this binary) replaying the site's GPU fixture.
public struct DemoGPUs: Sendable {
    private let nvml: NVMLLibrary?
    /// FakeNVML's copy and journal, `fleet-agent-demo-nvml-PID` in the temporary directory: removed when the demo
    /// ends, Ctrl-C included.
    private let work: TemporaryFolder?
    /// Appended to the demo's start line: what GPUs it shows, or why none.
    public let summary: String

    /// `site.gpuFixture` is a path relative to the fixtures folder,
    /// e.g. `gpus/SYNTHETIC-mining-rig-3090x1-4090x1.gpu`.
    public init(root: URL, site: DemoSite) throws {
        guard let fixture = site.gpuFixture else {
            (nvml, work, summary) = (nil, nil, "")
            return
        }
        let fixturePath = root.appendingPathComponent(fixture).path
        guard let library = FakeNVMLLocator.besideExecutable() else {
            (nvml, work) = (nil, nil)
            summary = "; no GPUs: \(FakeNVMLLocator.libraryName) is not next to this binary (swift build builds it)"
            return
        }
        let work = try TemporaryFolder(named: "fleet-agent-demo-nvml-\(getpid())")
        self.work = work
        let settings = FakeNVMLSettings(fixtures: [fixturePath], journal: work.path + "/journal")
        let instance = try FakeNVMLLocator.makeInstance(library: library, in: work.path, settings: settings)
        let loaded = try NVMLLibrary.load(path: instance)
        nvml = loaded
        summary = "; \(try loaded.deviceCount()) GPUs through FakeNVML (\(fixture))"
    }

    /// The GPUs' readings, read on NVML's `BlockingLane`.
    public func read(host: String) async -> [Reading] {
        guard let nvml else { return [] }
        return await BlockingLane.nvml.run { nvml.readAll(host: host, at: .now()) }
    }
}
