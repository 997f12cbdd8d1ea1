import Foundation
import TestSupport
import Testing

/// `demo` removes the FakeNVML folder it makes (`fleet-agent-demo-nvml-PID` in the temporary directory), as the built
/// binary with its own TMPDIR.
@Suite struct DemoCleanupTests {
    static func nvmlFolders(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("fleet-agent-demo-nvml-") }
    }

    /// After `--cycles 1` the folder is gone, though its FakeNVML copy served the GPU readings.
    @Test func folderIsRemovedWhenTheCyclesAreDone() async throws {
        let temporary = try PackagePaths.temporaryDirectory("demo-tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let result = try await AgentBinary.run(
            ["demo", "--cycles", "1", "--json"], environment: ["TMPDIR": temporary.path])
        #expect(result.status == 0, "\(result.stderr)")
        let gpus = try AgentBinary.jsonLines(result.stdout).filter { $0["kind"] as? String == "gpu" }
        #expect(gpus.count == 2)
        #expect(try Self.nvmlFolders(in: temporary).isEmpty)
    }

    /// Ctrl-C (SIGINT) or SIGTERM while the demo runs removes the folder, and the demo still ends by that signal.
    @Test(arguments: [SIGINT, SIGTERM])
    func folderIsRemovedOnSignal(signal: Int32) async throws {
        let temporary = try PackagePaths.temporaryDirectory("demo-tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = try AgentBinary.start(["demo", "--interval", "60"], environment: ["TMPDIR": temporary.path])
        defer { if process.isRunning { process.terminate() } }
        // The folder holds FakeNVML's copy and its settings once the demo has made them.
        var made = false
        for _ in 0..<300 where !made {
            try await Task.sleep(for: .milliseconds(50))
            made = try Self.nvmlFolders(in: temporary).contains {
                let settings = temporary.appendingPathComponent($0).appendingPathComponent("libnvidia-ml.so.1.conf")
                return FileManager.default.fileExists(atPath: settings.path)
            }
        }
        try #require(made, "the demo never made its NVML folder")
        try await Task.sleep(for: .milliseconds(300))
        kill(process.processIdentifier, signal)
        for _ in 0..<200 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        try #require(!process.isRunning, "the demo did not end on signal \(signal)")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(try Self.nvmlFolders(in: temporary).isEmpty)
    }
}
