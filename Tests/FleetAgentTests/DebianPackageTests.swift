import Foundation
import TestSupport
import Testing

/// `deploy/build-deb.sh` packages the built binary with the systemd unit; the package installs with `dpkg -i`,
/// `systemd-analyze verify` accepts the installed unit, and it purges cleanly. Installing needs root (CI runs as
/// root); elsewhere the package's contents are checked instead.
@Suite(.serialized) struct DebianPackageTests {
    static func shell(_ command: String) throws -> (status: Int32, output: String) {
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

    @Test func thePackageInstallsItsUnitVerifiesAndPurges() throws {
        let out = try PackagePaths.temporaryDirectory("deb")
        let binary = AgentBinary.productsDirectory.appendingPathComponent("fleet-agent").path
        let built = try Self.shell("deploy/build-deb.sh --binary '\(binary)' --out '\(out.path)' 2>/dev/null")
        #expect(built.status == 0, "\(built.output)")
        let deb = built.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = try Self.shell("dpkg-deb --contents '\(deb)'").output
        for path in [
            "./usr/bin/fleet-agent", "./lib/systemd/system/fleet-agent.service", "./etc/fleet-agent/agent.yaml",
        ] {
            #expect(contents.contains(path), "\(path) missing from the package")
        }
        guard getuid() == 0 else { return }
        defer { _ = try? Self.shell("dpkg --purge fleet-agent") }
        let installed = try Self.shell("dpkg -i '\(deb)'")
        #expect(installed.status == 0, "\(installed.output)")
        let verified = try Self.shell("systemd-analyze verify /lib/systemd/system/fleet-agent.service")
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.isEmpty, "systemd-analyze had remarks: \(verified.output)")
        let help = try Self.shell("/usr/bin/fleet-agent run --help")
        #expect(help.status == 0 && help.output.contains("--config"))
        let example = try Self.shell("/usr/bin/fleet-agent run --config /etc/fleet-agent/agent.yaml --once")
        #expect(example.output.contains("ledger") && !example.output.contains("line "), "the example config parses")
        let purged = try Self.shell("dpkg --purge fleet-agent")
        #expect(purged.status == 0, "\(purged.output)")
        #expect(!FileManager.default.fileExists(atPath: "/lib/systemd/system/fleet-agent.service"))
    }
}
