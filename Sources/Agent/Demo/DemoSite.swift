import FleetCore
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
    /// The folders the miners were loaded from, in order (their `web` objects are read from there).
    public var minerFolders: [String]
    /// The site plan and the budget drop the demo schedules into it; nil: the demo runs without a plan.
    public var plan: DemoPlan?

    struct File: Decodable {
        struct Miner: Decodable { var fixture: String }
        var miners: [Miner]
        var gpus: String?
        var pci: String?
        var plan: DemoPlan?
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
        var folders: [String] = []
        for miner in file.miners {
            let folder = root.appendingPathComponent("miners/\(miner.fixture)").path
            do {
                miners.append(try FixtureMiner(folder: folder))
                folders.append(folder)
            } catch {
                throw DemoSiteError(path: path, reason: "\(error)")
            }
        }
        var plan = file.plan
        if let name = plan?.file {
            plan?.file = root.appendingPathComponent("sites/demo").appendingPathComponent(name).path
        }
        return DemoSite(
            miners: miners, gpuFixture: file.gpus, pciDump: file.pci, minerFolders: folders, plan: plan)
    }
}

/// The demo's plan: a plan file and the budget drop added to it as a schedule window, relative to the demo's start.
public struct DemoPlan: Sendable, Decodable {
    /// The plan file (relative to `sites/demo/` in site.json; absolute once loaded).
    public var file: String
    /// Seconds after the start when the budget drops, for how long, and to what.
    public var dropAfterS: Double
    public var dropForS: Double
    public var dropBudgetW: Double

    enum CodingKeys: String, CodingKey {
        case file
        case dropAfterS = "drop_after_s"
        case dropForS = "drop_for_s"
        case dropBudgetW = "drop_budget_w"
    }

    /// The plan's text with the drop as a schedule window from `start + dropAfterS`; the file must have no
    /// `schedule` of its own.
    public func text(startingAt start: Timestamp) throws(DemoSiteError) -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else { throw DemoSiteError(path: file, reason: "missing demo plan") }
        let from = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(dropAfterS * 1000))
        let to = Timestamp(millisecondsSinceEpoch: from.millisecondsSinceEpoch + Int64(dropForS * 1000))
        return text + (text.hasSuffix("\n") ? "" : "\n") + "schedule:\n"
            + "  - { start: \(from.rfc3339), end: \(to.rfc3339), budget_w: \(NumberText.fixed(dropBudgetW)) }\n"
    }
}

/// Why the demo site could not be loaded.
public struct DemoSiteError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
