import Foundation
import NVML
import Replay
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `fleet-agent run`, `readings` and `energy` as the binary: cycles into the ledger, the API while it runs, a clean
/// stop on SIGTERM, and a bad config refused whole.
@Suite struct RunCommandTests {
    /// A config for `miners` (fixture servers' addresses) and FakeNVML replaying `gpus` (an H100 by default), in
    /// its own folder, cycling every `interval` seconds (each miner read given 75 % of it).
    static func site(
        miners: [String], gpus: [String] = ["h100-sxm5-80gb-load"], interval: Int = 2, extra: String = ""
    ) throws -> URL {
        let folder = try PackagePaths.temporaryDirectory("run")
        try (miners.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("miners.txt"), atomically: true, encoding: .utf8)
        let library = try #require(FakeNVMLLocator.besideExecutable(), "build the package first")
        let settings = FakeNVMLSettings(fixtures: gpus.map { PackagePaths.fixture("gpus/\($0).gpu").path })
        let nvmlFolder = folder.appendingPathComponent("nvml")
        try FileManager.default.createDirectory(at: nvmlFolder, withIntermediateDirectories: true)
        let nvml = try FakeNVMLLocator.makeInstance(library: library, in: nvmlFolder.path, settings: settings)
        let config = """
            host: rig-1
            interval_s: \(interval)
            timeout_s: \(Double(interval) * 0.75)
            miners_file: miners.txt
            nvml_library: \(nvml)
            ledger: state/ledger.sqlite
            """ + extra
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("state"), withIntermediateDirectories: true)
        try config.write(to: folder.appendingPathComponent("agent.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The miners most tests serve: folders of Fixtures/miners.
    static let twoMiners = ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer"]

    /// The fixture miners `names` (folders of Fixtures/miners), served over TCP on loopback.
    static func fixtureMiners(_ names: [String] = twoMiners) async throws -> FixtureMinerServer {
        try await FixtureMinerServer.start(
            miners: names.map { try FixtureMiner(folder: PackagePaths.fixture("miners/\($0)").path) })
    }

    /// Runs `body` with the fixture miners `names` served, and closes them however `body` ends.
    static func withFixtureMiners(
        _ names: [String] = twoMiners, _ body: (FixtureMinerServer) async throws -> Void
    ) async throws {
        let server = try await fixtureMiners(names)
        do {
            try await body(server)
        } catch {
            await server.close()
            throw error
        }
        await server.close()
    }

    @Test func twoCyclesAreStoredWithContiguousSeqAndReadBack() async throws {
        let server = try await Self.fixtureMiners()
        let folder = try Self.site(miners: server.endpoints.map(\.address.original))
        let config = folder.appendingPathComponent("agent.yaml").path
        let first = try await AgentBinary.run(["run", "--config", config, "--once"])
        let second = try await AgentBinary.run(["run", "--config", config, "--once"])
        await server.close()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        let readings = try AgentBinary.jsonLines(
            try await AgentBinary.run(["readings", "--config", config]).stdout)
        #expect(readings.compactMap { $0["seq"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(readings.map { $0["kind"] as? String } == ["asic", "asic", "gpu", "asic", "asic", "gpu"])
        #expect(readings.allSatisfy { $0["status"] as? String == "ok" })
        let gpu = try #require(readings.last)
        #expect(gpu["energy_epoch"] is String && (gpu["energy_j"] as? Double ?? -1) >= 0, "\(gpu)")
        let after = try AgentBinary.jsonLines(
            try await AgentBinary.run(["readings", "--config", config, "--after", "4"]).stdout)
        #expect(after.compactMap { $0["seq"] as? Int } == [5, 6])

        let hour = Int(Date().timeIntervalSince1970) / 3600 * 3600
        let format = ISO8601DateFormatter()
        let energy = try await AgentBinary.run([
            "energy", "--config", config, "--from", format.string(from: Date(timeIntervalSince1970: Double(hour))),
            "--to", format.string(from: Date(timeIntervalSince1970: Double(hour + 7200))), "--step", "1h",
        ])
        #expect(energy.status == 0, "\(energy.stderr)")
        #expect(energy.stdout.hasPrefix("device,tenant,start,end,energy_j,avg_w,peak_w,coverage,quality\n"))
    }

    /// `energy` checks its options as `GET /v1/energy` checks its query, with the same messages, before it opens
    /// anything.
    @Test(arguments: [
        (["--step", "10m"], "step must be a whole number of 15 minutes"),
        // Once crashed the binary (and the agent, through GET /v1/energy) with an arithmetic overflow.
        (["--step", "999999999999999999d"], "step must be a whole number of 15 minutes"),
        (["--format", "xml"], "format must be csv or json"),
        (["--device", "pdu:1"], "device must be an id such as gpu:GPU-… or asic:…"),
    ])
    func energyRefusesWhatTheAPIRefuses(extra: [String], reason: String) async throws {
        let result = try await AgentBinary.run(
            [
                "energy", "--config", "/nonexistent/agent.yaml", "--from", "2026-12-01T00:00:00Z", "--to",
                "2026-12-02T00:00:00Z",
            ] + extra)
        #expect(result.status != 0)
        #expect(result.stderr.contains(reason), "\(result.stderr)")
    }

    @Test func aBadConfigIsRefusedWholeAndNothingStarts() async throws {
        let folder = try PackagePaths.temporaryDirectory("run-bad")
        let config = folder.appendingPathComponent("agent.yaml")
        try "host: rig-1\ninterval_s: 0\nminers: [http://10.0.0.1]\nledgr: x.sqlite\nledger: state/l.sqlite\n".write(
            to: config, atomically: true, encoding: .utf8)
        let result = try await AgentBinary.run(["run", "--config", config.path, "--once"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2: interval_s: must be between 1 and 3600"), "\(result.stderr)")
        #expect(result.stderr.contains("line 3: miners[0]: invalid miner address 'http://10.0.0.1'"))
        #expect(result.stderr.contains("line 4: ledgr: unknown key"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path))
    }

    /// `--once` checks the uplink's settings as `run` does: a token file that cannot be read stops it before any cycle.
    @Test func onceRefusesAnUplinkTokenFileItCannotRead() async throws {
        let folder = try Self.site(
            miners: [], extra: "\nuplink: { readings_url: \"http://127.0.0.1:1/in\", token_file: missing-token }\n")
        let result = try await AgentBinary.run(
            ["run", "--config", folder.appendingPathComponent("agent.yaml").path, "--once"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("uplink.token_file"), "\(result.stderr)")
        #expect(result.stderr.contains("missing-token: cannot be read"), "\(result.stderr)")
    }

    /// The service: cycles every second, the API on loopback, SIGTERM finishes the cycle and exits 0.
    @Test func theServiceServesTheAPIAndStopsCleanlyOnSIGTERM() async throws {
        let server = try await Self.fixtureMiners()
        let port = try FreePort.take()
        let folder = try Self.site(
            miners: server.endpoints.map(\.address.original), extra: "\nhttp: { listen: 127.0.0.1:\(port) }\n")
        let agent = try AgentBinary.start(["run", "--config", folder.appendingPathComponent("agent.yaml").path])
        defer { if agent.isRunning { agent.terminate() } }
        var metrics = ""
        for _ in 0..<300 {
            if let text = try? await Self.get("http://127.0.0.1:\(port)/metrics"),
                text.contains("fleet_agent_readings_stored_total 6"),
                text.contains("fleet_device_energy_joules_total{device=\"gpu:")  // series follow the store
            {
                metrics = text
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(metrics.contains(#"fleet_device_power_watts{device="asic:c6:02:14:00:1f:b3""#), "\(metrics)")
        #expect(metrics.contains("fleet_device_energy_joules_total{device=\"gpu:"))
        #expect(metrics.contains("fleet_agent_energy_conservation_violations 0.0"), "checked after the first cycle")
        let readings = try await Self.get("http://127.0.0.1:\(port)/v1/readings?after=0&limit=3")
        #expect(readings.split(separator: "\n").count == 3)
        let bad = try await Self.status("http://127.0.0.1:\(port)/v1/readings?after=x")
        #expect(bad == 400)
        kill(agent.processIdentifier, SIGTERM)
        for _ in 0..<100 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        await server.close()
        #expect(!agent.isRunning, "still running 5 s after SIGTERM")
        #expect(agent.terminationReason == .exit && agent.terminationStatus == 0)
    }

    static func get(_ url: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }

    static func status(_ url: String) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

/// A loopback TCP port that was free a moment ago (bound, read, closed).
enum FreePort {
    static func take() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
