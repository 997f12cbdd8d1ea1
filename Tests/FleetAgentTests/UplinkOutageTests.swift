import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `fleet-agent run` with `uplink.readings_url` while the receiver is down in each way (refusing, 503 with
/// Retry-After, hanging), then back: every stored reading arrives, none is stored twice by a deduping receiver, and
/// the cycles keep their pace throughout.
@Suite(.timeLimit(.minutes(3))) struct UplinkOutageTests {
    @Test func everyReadingArrivesOnceAfterAnOutageAndNoCycleIsSlowed() async throws {
        let server = try await RunCommandTests.fixtureMiners()
        let apiPort = try FreePort.take()
        var refusing: RefusingPort? = try RefusingPort()
        let port = refusing!.port
        let folder = try RunCommandTests.site(
            miners: server.endpoints.map(\.address.original), interval: 1,
            extra: """

                http: { listen: 127.0.0.1:\(apiPort) }
                uplink: { readings_url: "http://127.0.0.1:\(port)/ingest", timeout_s: 1, batch_readings: 7 }

                """)
        let configFile = folder.appendingPathComponent("agent.yaml")
        let agent = try AgentBinary.start(["run", "--config", configFile.path])
        let receiver = ReadingsReceiver(mode: .unavailable(retryAfter: 2))
        defer {
            if agent.isRunning { agent.terminate() }
            receiver.stop()
        }
        let api = "http://127.0.0.1:\(apiPort)"
        let started = ContinuousClock.now

        // Refused for 4 s, 503 + Retry-After for 4 s, hanging for 4 s.
        try await Task.sleep(for: .seconds(4))
        let lagWhileDown = try await Self.metric("fleet_agent_uplink_lag_readings", at: api)
        refusing = nil
        _ = try await receiver.start(port: port)
        try await Task.sleep(for: .seconds(4))
        let refusals = receiver.tally.requests
        receiver.mode = .hang
        try await Task.sleep(for: .seconds(4))
        let health = try await Self.json("\(api)/healthz")
        receiver.mode = .accept

        // Back: everything stored is delivered, within the backoff's longest wait and a few batches.
        var stored = 0
        for _ in 0..<600 {
            stored = try await Self.metric("fleet_agent_readings_stored_total", at: api).map { Int($0) } ?? 0
            if stored > 0, receiver.tally.readings["rig-1"]?.count ?? 0 >= stored { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(agent.processIdentifier, SIGTERM)
        for _ in 0..<100 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        await server.close()
        let elapsed = ContinuousClock.now - started

        let ledger = try AgentBinary.jsonLines(
            try await AgentBinary.run(["readings", "--config", configFile.path, "--limit", "100000"]).stdout)
        let seqs = Set(ledger.compactMap { ($0["seq"] as? NSNumber)?.int64Value })
        let tally = receiver.tally
        // Everything stored until the receiver had caught up was delivered, in one unbroken run of seqs from 1; the
        // few cycles stored after that and before the stop wait in the ledger for the next start.
        let delivered = tally.readings["rig-1"] ?? []
        let last = delivered.max() ?? 0
        #expect(delivered == Set(1...max(1, last)), "delivered \(delivered.count), up to seq \(last)")
        #expect(last >= stored && stored > 0, "delivered up to \(last) of the \(stored) stored when it caught up")
        #expect(delivered.isSubset(of: seqs))
        #expect(tally.inconsistent == 0)
        #expect((lagWhileDown ?? 0) > 0, "the lag shows the readings waiting")
        #expect((1...4).contains(refusals), "503 with Retry-After: 2 for 4 s: \(refusals) requests")
        // The cycles kept their pace while the receiver was down: none overran, about one a second.
        #expect(health["overruns"] as? Int == 0, "\(health)")
        #expect((health["last_cycle_s"] as? Double ?? 99) < 1, "\(health)")
        #expect((health["cycles"] as? Int ?? 0) >= 10, "\(health) after 12 s at 1 s")
        #expect(agent.terminationStatus == 0, "stopped cleanly after \(elapsed)")
    }

    static func json(_ url: String) async throws -> [String: Any] {
        let text = try await RunCommandTests.get(url)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The value of an unlabelled series in the agent's /metrics, nil when it is absent.
    static func metric(_ name: String, at api: String) async throws -> Double? {
        let text = try await RunCommandTests.get("\(api)/metrics")
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }
}
