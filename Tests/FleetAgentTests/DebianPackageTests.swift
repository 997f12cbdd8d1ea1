import Foundation
import TestSupport
import Testing

/// `deploy/build-deb.sh` packages the built binary with the systemd unit; the package installs with `dpkg -i`,
/// `systemd-analyze verify` accepts the installed unit, and it purges cleanly. Installing needs root (CI runs as
/// root); elsewhere the package's contents are checked instead.
@Suite(.serialized) struct DebianPackageTests {
    /// Runs `command` on a thread of its own: packaging and installing take seconds, and a blocked cooperative
    /// thread (one per core) would stall every other test's deadlines meanwhile.
    static func shell(_ command: String) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try shellBlocking(command) }) }.start()
        }
    }

    static func shellBlocking(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = PackagePaths.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func thePackageInstallsItsUnitVerifiesAndPurges() async throws {
        let out = try PackagePaths.temporaryDirectory("deb")
        let binary = AgentBinary.productsDirectory.appendingPathComponent("fleet-agent").path
        let built = try await Self.shell("deploy/build-deb.sh --binary '\(binary)' --out '\(out.path)' 2>/dev/null")
        #expect(built.status == 0, "\(built.output)")
        let deb = built.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = try await Self.shell("dpkg-deb --contents '\(deb)'").output
        for path in [
            "./usr/bin/fleet-agent", "./lib/systemd/system/fleet-agent.service", "./etc/fleet-agent/agent.yaml",
        ] {
            #expect(contents.contains(path), "\(path) missing from the package")
        }
        guard getuid() == 0 else { return }
        defer { _ = try? Self.shellBlocking("dpkg --purge fleet-agent") }
        let installed = try await Self.shell("dpkg -i '\(deb)'")
        #expect(installed.status == 0, "\(installed.output)")
        let verified = try await Self.shell("systemd-analyze verify /lib/systemd/system/fleet-agent.service")
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.isEmpty, "systemd-analyze had remarks: \(verified.output)")
        let help = try await Self.shell("/usr/bin/fleet-agent run --help")
        #expect(help.status == 0 && help.output.contains("--config"))
        let example = try await Self.shell("/usr/bin/fleet-agent run --config /etc/fleet-agent/agent.yaml --once")
        #expect(example.output.contains("ledger") && !example.output.contains("line "), "the example config parses")
        let purged = try await Self.shell("dpkg --purge fleet-agent")
        #expect(purged.status == 0, "\(purged.output)")
        #expect(!FileManager.default.fileExists(atPath: "/lib/systemd/system/fleet-agent.service"))
    }
}
