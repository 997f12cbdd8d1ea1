import Foundation
import MinerRPC
import NVML
import Replay
import TestSupport
import Testing

/// `fixtures record` and `fixtures serve`, run as the built binary over real TCP.
@Suite struct FixturesCommandTests {
    static let miners = PackagePaths.fixture("miners")

    @Test func recordCapturesTheExactBytesAMinerSends() async throws {
        let folder = Self.miners.appendingPathComponent("antminer-s9-bmminer")
        let server = try await FixtureMinerServer.start(miners: [try FixtureMiner(folder: folder.path)])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await AgentBinary.run(
            ["fixtures", "record", "--miner", server.endpoints[0].address.original, "--out", out.path])
        await server.close()
        #expect(result.status == 0, "\(result.stderr)")
        for command in ["stats", "pools", "version"] {
            let recorded = try Data(contentsOf: out.appendingPathComponent("\(command).json"))
            let original = try Data(contentsOf: folder.appendingPathComponent("\(command).json"))
            #expect(recorded == original, "\(command)")
        }
        // Commands the miner does not have are not invented: no file for them.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("estats.json").path))
        let again = try FixtureMiner(folder: out.path)
        #expect(again.replies["stats"] == Array(try Data(contentsOf: folder.appendingPathComponent("stats.json"))))
        let source = try String(contentsOf: out.appendingPathComponent("SOURCE.md"), encoding: .utf8)
        #expect(source.contains("fixtures record"))
    }

    @Test func recordRefusesAMinerThatIsNotThere() async throws {
        let gone = try RefusingPort()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await AgentBinary.run(
            ["fixtures", "record", "--miner", "127.0.0.1:\(gone.port)", "--out", out.path, "--timeout", "1"])
        withExtendedLifetime(gone) {}
        #expect(result.status != 0)
        #expect(result.stderr.contains("connection refused"), "\(result.stderr)")
    }

    @Test func serveReplaysFixturesAndWritesTheirAddresses() async throws {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: list) }
        let folder = Self.miners.appendingPathComponent("avalon-a1566-cgminer")
        let process = try AgentBinary.start(
            ["fixtures", "serve", folder.path, "--copies", "3", "--addresses-out", list.path])
        defer { process.terminate() }
        var lines: [Substring] = []
        for _ in 0..<100 where lines.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            lines = ((try? String(contentsOf: list, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        #expect(lines.count == 3)
        let first = try #require(lines.first?.split(separator: "\t"))
        #expect(first.last == "avalon-a1566-cgminer")
        let port = try #require(Int(first[0].split(separator: ":")[1]))
        let reply = try await CGMinerClient().exchange(
            CGMinerClient.request("estats"), with: MinerAddress(host: "127.0.0.1", port: port))
        let recorded = try Data(contentsOf: folder.appendingPathComponent("estats.json"))
        #expect(reply == Array(recorded))
    }

    @Test func demoShowsEveryDemoMinerAndGPU() async throws {
        let result = try await AgentBinary.run(["demo", "--cycles", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        let asics = lines.filter { $0["kind"] as? String == "asic" }
        let gpus = lines.filter { $0["kind"] as? String == "gpu" }
        #expect(asics.count == 7)
        #expect(gpus.count == 2)
        for line in asics + gpus { #expect(line["status"] as? String == "ok", "\(line)") }
        #expect(gpus.allSatisfy { ($0["device"] as? String)?.hasPrefix("gpu:GPU-") == true })
    }
}

/// Command-line checks of the options that talk to miners and GPUs, as the built binary.
@Suite struct CommandOptionTests {
    /// A deadline that is not from 1 ms to 600 s is refused before anything runs (`inf` and `nan` used to reach
    /// `Int64(timeout * 1000)`, which traps; 0.0004 became a 0 ms deadline).
    @Test(arguments: ["0", "0.0004", "-1", "inf", "nan", "601"])
    func recordRefusesATimeoutThatIsNotADeadline(timeout: String) async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        let result = try await AgentBinary.run(
            ["fixtures", "record", "--miner", "127.0.0.1:1", "--out", out.path, "--timeout=\(timeout)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--timeout must be from 0.001 to 600 seconds, got "), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// `probe --pci-dump`: the dump's NVIDIA GPUs that NVML does not list are read `unreachable` with the
    /// inventory's explanation, next to the GPU NVML reads. FakeNVML replays the recorded RTX 4090 (bus 84:00.0);
    /// the SYNTHETIC rig dump shows GPUs at 17:00.0 and 65:00.0.
    @Test func probeReportsGPUsOnTheDumpedBusThatNVMLDoesNotList() async throws {
        let root = PackagePaths.fixture("")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = try FakeNVMLLocator.makeInstance(
            library: try #require(FakeNVMLLocator.besideExecutable()),
            in: directory.path,
            settings: FakeNVMLSettings(fixtures: [root.appendingPathComponent("gpus/rtx-4090.gpu").path]))
        let result = try await AgentBinary.run([
            "probe", "--json", "--nvml-lib", library, "--pci-dump",
            root.appendingPathComponent("pci/SYNTHETIC-mining-rig-3090x1-4090x1.dump").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try AgentBinary.jsonLines(result.stdout)
        #expect(lines.map { $0["address"] as? String } == ["0000:84:00.0", "0000:17:00.0", "0000:65:00.0"])
        #expect(lines.first?["status"] as? String == "ok")
        for line in lines.dropFirst() {
            #expect(line["status"] as? String == "unreachable")
            #expect((line["error"] as? String)?.hasPrefix("on the bus but not in NVML") == true, "\(line)")
        }
    }
}
