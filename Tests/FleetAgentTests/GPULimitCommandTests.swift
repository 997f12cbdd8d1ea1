import Foundation
import Ledger
import NVML
import TestSupport
import Testing

/// `fleet-agent gpu-limit` goes through the control step's GPU actuator: the same constraint check, the original
/// saved in the agent's ledger before the first change, every change in the audit log, `--restore` back to it.
@Suite(.timeLimit(.minutes(2))) struct GPULimitCommandTests {
    /// A config whose ledger is in a fresh folder, and a FakeNVML with a journal (a limit outlives the process, as
    /// on a driver).
    static func setUp() throws -> (config: String, nvml: String) {
        let folder = try PackagePaths.temporaryDirectory("gpu-limit")
        let library = try #require(FakeNVMLLocator.besideExecutable(), "build the package first")
        let settings = FakeNVMLSettings(
            fixtures: [PackagePaths.fixture("gpus/a100-sxm4-80gb-node.gpu").path],
            journal: folder.appendingPathComponent("journal").path)
        let nvml = try FakeNVMLLocator.makeInstance(library: library, in: folder.path, settings: settings)
        let config = folder.appendingPathComponent("agent.yaml")
        try "host: rig-1\nledger: ledger.sqlite\n".write(to: config, atomically: true, encoding: .utf8)
        return (config.path, nvml)
    }

    @Test func aSetIsSavedAndAuditedAndRestoreSetsTheOriginalBack() async throws {
        let (config, nvml) = try Self.setUp()
        let set = try await AgentBinary.run([
            "gpu-limit", "--index", "2", "--watts", "250", "--config", config, "--nvml-lib", nvml, "--json",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        let after = try #require(try AgentBinary.jsonLines(set.stdout).first)
        #expect((after["management_limit_w"] as? NSNumber)?.doubleValue == 250)
        let uuid = try #require(after["uuid"] as? String)

        let restore = try await AgentBinary.run([
            "gpu-limit", "--index", "2", "--restore", "--config", config, "--nvml-lib", nvml, "--json",
        ])
        #expect(restore.status == 0, "\(restore.stderr)")
        let restored = try #require(try AgentBinary.jsonLines(restore.stdout).first)
        #expect((restored["management_limit_w"] as? NSNumber)?.doubleValue == 400)

        let again = try await AgentBinary.run([
            "gpu-limit", "--index", "2", "--restore", "--config", config, "--nvml-lib", nvml,
        ])
        #expect(again.status == 1 && again.stderr.contains("no original limit is saved"), "\(again.stderr)")

        let port = try await AuditPeek.entries(config: config)
        #expect(port.map(\.action) == ["set_limit", "restore"])
        #expect(port.allSatisfy { $0.device == "gpu:\(uuid)" && $0.outcome == "verified" })
        #expect(port.first?.from == "400 W" && port.first?.to == "250 W" && port.last?.to == "400 W")
    }

    @Test func aLimitOutsideTheGPUsRangeIsRefusedAndNothingIsSaved() async throws {
        let (config, nvml) = try Self.setUp()
        let result = try await AgentBinary.run([
            "gpu-limit", "--index", "0", "--watts", "450", "--config", config, "--nvml-lib", nvml,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("450 W is outside the GPU's power limit range 100–400 W"), "\(result.stderr)")
        #expect(try await AuditPeek.entries(config: config).isEmpty)
    }
}

/// The audit log of the ledger beside a config (`ledger: ledger.sqlite`), read as the agent's API reads it.
enum AuditPeek {
    static func entries(config: String) async throws -> [AuditEntry] {
        let path = URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent("ledger.sqlite")
        let reader = try await LedgerReader.open(path: path.path)
        return try await reader.auditEntries(after: 0, limit: 1000)
    }
}
