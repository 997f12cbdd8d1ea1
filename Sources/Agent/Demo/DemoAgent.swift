import FleetCore
import Foundation
import Logging
import MinerRPC
import Replay

/// `fleet-agent demo`: the agent itself, in dry-run, on the bundled demo site. The site's fixture miners answer on
/// loopback and its GPUs through FakeNVML; the agent polls them through `AgentRuntime`, as `fleet-agent run` does,
/// into a ledger in a temporary folder, with the HTTP API on a free loopback port (printed at start), and each
/// cycle's readings are shown as they are stored.
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
        do {
            let gpus = try DemoGPUs(root: root, site: site, folder: folder.path)
            let addresses = server.endpoints.map(\.address)
            await view.note(
                "demo site: \(site.miners.count) fixture miners on \(addresses.map(\.original).joined(separator: ", "))"
                    + gpus.summary + "; ledger in \(folder.path); Ctrl-C to stop")
            let config = Self.config(
                miners: addresses, gpus: gpus, pciDump: site.pciDump.map { root.appendingPathComponent($0).path },
                folder: folder.path, interval: options.interval)
            try await AgentRuntime.run(
                config: config, cycles: options.cycles, stop: stop, logger: logger,
                onListening: { port in
                    await view.note("API: http://127.0.0.1:\(port) (/v1/readings, /v1/energy, /v1/devices, /metrics)")
                },
                onCycle: { await view.show($0) })
        } catch {
            await server.close()
            throw error
        }
        await server.close()
        folder.remove()
        signals.endBySignalReceived()
    }

    /// The agent's config for the demo site: its miners, FakeNVML for its GPUs on its PCI bus, the ledger in
    /// `folder`, the API on a free loopback port, each miner's read given 3 s.
    static func config(
        miners: [MinerAddress], gpus: DemoGPUs, pciDump: String?, folder: String, interval: Duration
    ) -> AgentConfig {
        var config = AgentConfig(host: host, minerTimeout: .seconds(3))
        config.interval = interval
        config.miners = miners.map { AgentConfig.MinerEntry(address: $0) }
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
