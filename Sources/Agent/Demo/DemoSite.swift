import Foundation
import Replay

/// The demo host: `Fixtures/sites/demo/site.json`.
public struct DemoSite: Sendable {
    public var miners: [FixtureMiner]
    /// The GPU fixture, relative to the fixtures folder (`gpus/SYNTHETIC-mining-rig-3090x1-4090x1.gpu`).
    public var gpuFixture: String?
    /// The host's PCI bus as an `lspci -x` dump, relative to the fixtures folder: the bus the GPUs are on, so that
    /// the GPUs of the machine the demo runs on are not read.
    public var pciDump: String?

    struct File: Decodable {
        struct Miner: Decodable { var fixture: String }
        var miners: [Miner]
        var gpus: String?
        var pci: String?
    }

    /// Loads `sites/demo/site.json` under `root` and its fixture miners; errors name the file.
    public static func load(root: URL) throws(DemoSiteError) -> DemoSite {
        let path = root.appendingPathComponent("sites/demo/site.json").path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DemoSiteError(path: path, reason: "missing demo site file")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw DemoSiteError(path: path, reason: "malformed demo site: \(error)")
        }
        var miners: [FixtureMiner] = []
        for miner in file.miners {
            do {
                miners.append(try FixtureMiner(folder: root.appendingPathComponent("miners/\(miner.fixture)").path))
            } catch {
                throw DemoSiteError(path: path, reason: "\(error)")
            }
        }
        return DemoSite(miners: miners, gpuFixture: file.gpus, pciDump: file.pci)
    }
}

/// Why the demo site could not be loaded.
public struct DemoSiteError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
