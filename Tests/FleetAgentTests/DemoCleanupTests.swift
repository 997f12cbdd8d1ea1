import Foundation
import TestSupport
import Testing

/// `demo` removes the folder it makes (`fleet-agent-demo-PID` in the temporary directory: the ledger and the
/// FakeNVML copy), as the built binary with its own TMPDIR.
@Suite struct DemoCleanupTests {
    static func demoFolders(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("fleet-agent-demo-") }
    }

    /// After `--cycles 1` the folder is gone, though its ledger stored the cycle and its FakeNVML copy served the
    /// GPU readings: seven miners and two GPUs, read, stored with seq 1-9 and printed.
    @Test func folderIsRemovedWhenTheCyclesAreDone() async throws {
        let temporary = try PackagePaths.temporaryDirectory("demo-tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let result = try await AgentBinary.run(
            ["demo", "--cycles", "1", "--json"], environment: ["TMPDIR": temporary.path])
        #expect(result.status == 0, "\(result.stderr)")
        let readings = try AgentBinary.jsonLines(result.stdout)
        #expect(readings.filter { $0["kind"] as? String == "asic" }.count == 7)
        #expect(readings.filter { $0["kind"] as? String == "gpu" }.count == 2)
        #expect(readings.allSatisfy { $0["status"] as? String == "ok" }, "\(result.stdout)")
        #expect(readings.compactMap { $0["seq"] as? Int } == Array(1...9))
        #expect(try Self.demoFolders(in: temporary).isEmpty)
    }

    /// Ctrl-C (SIGINT) or SIGTERM while the demo runs stops the agent gracefully, then the folder is removed and the
    /// demo ends by that signal, as a shell expects of a program stopped by Ctrl-C.
    @Test(arguments: [SIGINT, SIGTERM])
    func folderIsRemovedOnSignal(signal: Int32) async throws {
        let demo = try DemoProcess.start(["--interval", "60"])
        defer { demo.cleanUp() }
        // Running: the agent has bound its API, so the folder holds the ledger and FakeNVML's copy.
        try #require(try await demo.apiAddress() != nil, "the demo never printed its API address: \(demo.errors)")
        let folder = try #require(demo.folders.first)
        let nvml = demo.temporary.appendingPathComponent(folder).appendingPathComponent("libnvidia-ml.so.1.conf")
        #expect(FileManager.default.fileExists(atPath: nvml.path))
        try #require(try await demo.stop(by: signal), "the demo did not end on signal \(signal)")
        #expect(demo.process.terminationReason == .uncaughtSignal)
        #expect(demo.process.terminationStatus == signal)
        #expect(demo.folders.isEmpty)
    }
}
