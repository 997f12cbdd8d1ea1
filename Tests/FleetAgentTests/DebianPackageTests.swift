import Foundation
import TestSupport
import Testing

/// `deploy/build-deb.sh` packages the built binary with the systemd unit; the package installs with `dpkg -i`,
/// `systemd-analyze verify` accepts the installed unit, and it purges cleanly. Installing needs root (CI runs as
/// root); elsewhere the package's contents are checked instead.
@Suite(.serialized) struct DebianPackageTests {
    @Test func thePackageInstallsItsUnitVerifiesAndPurges() async throws {
        let out = try PackagePaths.temporaryDirectory("deb")
        let binary = AgentBinary.productsDirectory.appendingPathComponent("fleet-agent").path
        let built = try await Shell.run("deploy/build-deb.sh --binary '\(binary)' --out '\(out.path)' 2>/dev/null")
        #expect(built.status == 0, "\(built.output)")
        let deb = built.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = try await Shell.run("dpkg-deb --contents '\(deb)'").output
        for path in [
            "./usr/bin/fleet-agent", "./lib/systemd/system/fleet-agent.service", "./etc/fleet-agent/agent.yaml",
        ] {
            #expect(contents.contains(path), "\(path) missing from the package")
        }
        guard getuid() == 0 else { return }
        defer { _ = try? Shell.runBlocking("dpkg --purge fleet-agent") }
        let installed = try await Shell.run("dpkg -i '\(deb)'")
        #expect(installed.status == 0, "\(installed.output)")
        let verified = try await Shell.run("systemd-analyze verify /lib/systemd/system/fleet-agent.service")
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.isEmpty, "systemd-analyze had remarks: \(verified.output)")
        let help = try await Shell.run("/usr/bin/fleet-agent run --help")
        #expect(help.status == 0 && help.output.contains("--config"))
        let example = try await Shell.run("/usr/bin/fleet-agent run --config /etc/fleet-agent/agent.yaml --once")
        #expect(example.output.contains("ledger") && !example.output.contains("line "), "the example config parses")
        let purged = try await Shell.run("dpkg --purge fleet-agent")
        #expect(purged.status == 0, "\(purged.output)")
        #expect(!FileManager.default.fileExists(atPath: "/lib/systemd/system/fleet-agent.service"))
    }
}
