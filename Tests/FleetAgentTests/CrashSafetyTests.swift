import FleetCore
import Foundation
import Ledger
import TestSupport
import Testing

/// The agent SIGKILLed at random moments over 50 runs, restarted each time: the ledger's seq has no gap and no
/// duplicate, every stored reading is still there, energy is conserved, and the time the agent was down is a gap.
@Suite struct CrashSafetyTests {
    @Test func fiftyKillsLoseNothingStoredAndLeaveTheDowntimeAsAGap() async throws {
        let server = try await RunCommandTests.fixtureMiners()
        let folder = try RunCommandTests.site(
            miners: server.endpoints.map(\.address.original), extra: "\nhttp: { listen: 127.0.0.1:0 }\n")
        let config = folder.appendingPathComponent("agent.yaml").path
        var random = SplitMix64(seed: 20_261_130)
        var storedBefore: [Int64] = []
        for run in 0..<50 {
            let agent = try Self.startNiced(["run", "--config", config])
            let lifetime = 100 + Int(random.next() % 900)  // 0.1 to 1 s: before, during and after cycles
            try await Task.sleep(for: .milliseconds(lifetime))
            kill(agent.processIdentifier, SIGKILL)
            while agent.isRunning { try await Task.sleep(for: .milliseconds(10)) }  // never block the pool waiting
            if run == 25 { try await Task.sleep(for: .milliseconds(7_000)) }  // down for more than 3 intervals of 2 s
            // What was stored before a kill is still there after it (once a run got as far as creating the ledger).
            let path = folder.appendingPathComponent("state/ledger.sqlite").path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader: LedgerReader
            do {
                reader = try await LedgerReader.open(path: path)
            } catch {
                // Killed between making the file and its first migration: no ledger yet, and nothing stored.
                if case .olderSchema(_, let found, _) = error, found == 0, storedBefore.isEmpty { continue }
                throw error
            }
            let seqs = try await reader.readings(after: 0, limit: 1_000_000).compactMap(\.seq)
            #expect(Array(seqs.prefix(storedBefore.count)) == storedBefore, "run \(run) lost stored readings")
            storedBefore = seqs
        }
        await server.close()
        let reader = try await LedgerReader.open(path: folder.appendingPathComponent("state/ledger.sqlite").path)
        let seqs = try await reader.readings(after: 0, limit: 1_000_000).compactMap(\.seq)
        #expect(seqs.count >= 30, "too few cycles stored to tell (\(seqs.count) readings)")
        #expect(seqs == Array(1...Int64(seqs.count)), "seq has a gap or a duplicate")
        let report = try await reader.conservation()
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.epochsChecked > 0)
        let gaps = try await reader.gaps(
            from: Timestamp(millisecondsSinceEpoch: 0), to: Timestamp(millisecondsSinceEpoch: Int64.max / 2))
        #expect(gaps.contains { $0.reason == .agentDown }, "the pause is not recorded: \(gaps.map(\.reason))")
    }

    /// The agent at a low priority (`nice` execs it, so the pid is the agent's): fifty start-ups must not starve the
    /// timing-sensitive tests that run beside this one.
    static func startNiced(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments =
            ["-n", "15", AgentBinary.productsDirectory.appendingPathComponent("fleet-agent").path]
            + arguments
        process.currentDirectoryURL = PackagePaths.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
