import Foundation
import NVML

/// The demo site's GPUs: a copy of FakeNVML (built next to this binary) set to replay the site's GPU fixture, which
/// the agent loads as its `nvml_library`, through the same dlopen path as the real driver.
public struct DemoGPUs: Sendable {
    /// The copy to load (`libnvidia-ml.so.1` in the demo's folder); nil when the site has no GPUs or FakeNVML is
    /// not next to this binary.
    public let library: String?
    /// Appended to the demo's start line: what GPUs it shows, or why none.
    public let summary: String

    /// `site.gpuFixture` is a path relative to the fixtures folder, e.g.
    /// `gpus/SYNTHETIC-mining-rig-3090x1-4090x1.gpu`. The copy, its settings and its journal go in `folder`.
    public init(root: URL, site: DemoSite, folder: String) throws {
        guard let fixture = site.gpuFixture else {
            (library, summary) = (nil, "")
            return
        }
        guard let fake = FakeNVMLLocator.besideExecutable() else {
            library = nil
            summary = "; no GPUs: \(FakeNVMLLocator.libraryName) is not next to this binary (swift build builds it)"
            return
        }
        let settings = FakeNVMLSettings(
            fixtures: [root.appendingPathComponent(fixture).path], journal: folder + "/journal")
        library = try FakeNVMLLocator.makeInstance(library: fake, in: folder, settings: settings)
        summary = "; GPUs through FakeNVML (\(fixture))"
    }
}
