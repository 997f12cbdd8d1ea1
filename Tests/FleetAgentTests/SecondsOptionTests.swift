import Foundation
import TestSupport
import Testing

/// Options in seconds, as the built binary: what is out of range is refused with the range, before anything runs.
@Suite struct SecondsOptionTests {
    /// `probe --timeout` below 1 ms (which used to become a 0 ms deadline), not a number, or over 600 s.
    @Test(arguments: ["0.0004", "0.0009", "1e-9", "0", "-1", "inf", "nan", "600.5"])
    func probeRefusesATimeoutOutsideItsRange(timeout: String) async throws {
        let result = try await AgentBinary.run(["probe", "--no-gpu", "--miner", "127.0.0.1:1", "--timeout=\(timeout)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--timeout must be from 0.001 to 600 seconds, got "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// 1 ms is the shortest deadline, and is used: the refused connection is reported, the probe exits 0.
    @Test func probeTakesAOneMillisecondTimeout() async throws {
        let refusing = try RefusingPort()
        let result = try await AgentBinary.run([
            "probe", "--json", "--no-gpu", "--miner", "127.0.0.1:\(refusing.port)", "--timeout", "0.001",
        ])
        withExtendedLifetime(refusing) {}
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try AgentBinary.jsonLines(result.stdout).first?["status"] as? String == "unreachable")
    }

    /// `demo --interval` that is not a period from 1 ms to a day (`inf` used to trap) is refused before any fixture
    /// miner starts.
    @Test(arguments: ["0", "-5", "0.0004", "inf", "nan", "86401"])
    func demoRefusesAnIntervalOutsideItsRange(interval: String) async throws {
        let result = try await AgentBinary.run(["demo", "--cycles", "1", "--interval=\(interval)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--interval must be from 0.001 to 86400 seconds, got "), "\(result.stderr)")
        #expect(!result.stderr.contains("demo site:"), "\(result.stderr)")
    }
}
