import FleetCore
import Foundation
import Logging
import MinerRPC
import Replay

/// `fleet-agent demo`: the agent itself on the bundled demo site, against fixtures only. The site's fixture miners
/// answer on loopback (their controls emulated, web interfaces included) and its GPUs through FakeNVML; the agent
/// polls and controls them through `AgentRuntime`, as `fleet-agent run` does, into a ledger in a temporary folder,
/// with the HTTP API on a free loopback port (printed at start). The site's plan has a budget drop a minute in, for
/// two minutes: each cycle's readings are shown as they are stored, with the control step's line under them, so
/// the miners are seen curtailing while the firm GPUs hold, then recovering.
///
/// Ctrl-C or SIGTERM stops the agent gracefully (the cycle in progress is stored, the ledger closed), the folder is
/// removed, and the demo then ends by that signal; a second one ends it at once (the folder still removed).
public enum DemoAgent {
    public struct Options: Sendable {
        /// The fixtures folder; nil: `FixturePaths.root`'s search.
        public var fixtures: String?
        public var interval: Duration
        /// Stop after this many cycles; nil: until stopped.
        public var cycles: Int?
        /// Readings as JSON lines instead of a table.
        public var json: Bool

        public init(fixtures: String?, interval: Duration, cycles: Int?, json: Bool) {
            self.fixtures = fixtures
            self.interval = interval
            self.cycles = cycles
            self.json = json
        }
    }

    /// The demo's host name, in every reading.
    public static let host = "demo"

    /// Runs the demo until it is stopped, or for `options.cycles` cycles.
    public static func run(_ options: Options, logger: Logger) async throws {
        let root = try FixturePaths.root(options.fixtures)
        let site = try DemoSite.load(root: root)
        let view = DemoLiveView(json: options.json)
        let stop = AgentStop()
        let folderPath = TemporaryFolder.path(named: "fleet-agent-demo-\(getpid())")
        // Signals are handled before the folder exists, so that none can come between the two.
        let signals = StopSignals(
            first: { _ in stop.request() },
            again: { number in
                try? FileManager.default.removeItem(atPath: folderPath)
                StopSignals.die(of: number)
            })
        let folder = try TemporaryFolder(path: folderPath)
        let server = try await FixtureMinerServer.start(miners: site.miners)
        let web: FixtureWebServer
        do {
            web = try await FixtureWebServer.start(
                for: server,
                webs: try site.minerFolders.map { folder throws(FixtureError) in
                    try FixtureWeb.load(folder: folder)
                })
        } catch {
            await server.close()
            throw error
        }
        do {
            let gpus = try DemoGPUs(root: root, site: site, folder: folder.path)
            let addresses = server.endpoints.map(\.address)
            await view.note(
                "demo site: \(site.miners.count) fixture miners on \(addresses.map(\.original).joined(separator: ", "))"
                    + gpus.summary + "; ledger in \(folder.path); Ctrl-C to stop")
            var config = Self.config(
                miners: try Self.minerEntries(site: site, server: server, web: web, folder: folder.path), gpus: gpus,
                pciDump: site.pciDump.map { root.appendingPathComponent($0).path }, folder: folder.path,
                interval: options.interval)
            if let plan = site.plan {
                let path = folder.path + "/plan.yaml"
                try Data(try plan.text(startingAt: .now()).utf8).write(to: URL(fileURLWithPath: path))
                config.plan = path
                config.control.raiseHold = .zero
                config.control.raisesPerCycle = 2
                await view.note(
                    "plan: budget \(Int(plan.dropBudgetW)) W from \(Int(plan.dropAfterS)) s after start for "
                        + "\(Int(plan.dropForS)) s (\(path)); actions: /v1/actions")
            }
            try await AgentRuntime.run(
                config: config, cycles: options.cycles, stop: stop, logger: logger,
                onListening: { port in
                    await view.note(
                        "API: http://127.0.0.1:\(port) (/v1/readings, /v1/energy, /v1/devices, /v1/actions, /v1/plan, /metrics)"
                    )
                },
                onCycle: { await view.show($0) }, onControl: { await view.show($0) })
        } catch {
            await web.close()
            await server.close()
            throw error
        }
        await web.close()
        await server.close()
        folder.remove()
        signals.endBySignalReceived()
    }

    /// Each fixture miner's config entry: its address, its web interface where it has one, and a credentials file
    /// (mode 600, in `folder`) with the SYNTHETIC login its emulation checks.
    static func minerEntries(
        site: DemoSite, server: FixtureMinerServer, web: FixtureWebServer, folder: String
    ) throws -> [AgentConfig.MinerEntry] {
        try server.endpoints.enumerated().map { index, endpoint in
            var entry = AgentConfig.MinerEntry(address: endpoint.address, web: web.webAddress(of: endpoint.address))
            let login =
                try FixtureWeb.load(folder: site.minerFolders[index])?.credentialsLine
                ?? site.miners[index].controls?.password
            if let login {
                let path = folder + "/credentials-\(index)"
                guard
                    FileManager.default.createFile(
                        atPath: path, contents: Data(login.utf8), attributes: [.posixPermissions: 0o600])
                else { throw DemoSiteError(path: path, reason: "the demo's credentials file cannot be written") }
                entry.credentialsFile = path
            }
            return entry
        }
    }

    /// The agent's config for the demo site: its miners, FakeNVML for its GPUs on its PCI bus, the ledger in
    /// `folder`, the API on a free loopback port, each miner's read given 3 s.
    static func config(
        miners: [AgentConfig.MinerEntry], gpus: DemoGPUs, pciDump: String?, folder: String, interval: Duration
    ) -> AgentConfig {
        var config = AgentConfig(host: host, minerTimeout: .seconds(3))
        config.interval = interval
        config.miners = miners
        config.gpus = gpus.library != nil
        if let library = gpus.library { config.nvmlLibrary = library }
        config.pciDump = pciDump
        config.ledger = folder + "/ledger.sqlite"
        config.http.listen = "127.0.0.1:0"
        config.http.host = "127.0.0.1"
        config.http.port = 0
        return config
    }
}
