import Foundation
import TestSupport
import Testing

/// FakeNVML's energy counter starts from zero at every `nvmlInit`, as a real counter does after a driver reload or
/// a GPU reset. An agent stopped and started again reads it going backwards: a new epoch, no negative energy, and
/// the energy command counts each epoch's joules once.
@Suite(.timeLimit(.minutes(2))) struct CounterResetTests {
    @Test func aCounterThatStartsOverIsANewEpochAndNoJouleIsCountedTwice() async throws {
        let server = try await RunCommandTests.fixtureMiners()
        let folder = try RunCommandTests.site(
            miners: server.endpoints.map(\.address.original), interval: 1, extra: "\nhttp: { listen: 127.0.0.1:0 }\n")
        let config = folder.appendingPathComponent("agent.yaml")
        // A few cycles: the counter climbs to a few kJ. Then a restart: it reads from zero again.
        let agent = try AgentBinary.start(["run", "--config", config.path])
        defer { if agent.isRunning { agent.terminate() } }
        try await Task.sleep(for: .seconds(4))
        kill(agent.processIdentifier, SIGTERM)
        for _ in 0..<100 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let again = try await AgentBinary.run(["run", "--config", config.path, "--once"])
        await server.close()
        #expect(again.status == 0, "\(again.stderr)")

        let readings = try AgentBinary.jsonLines(
            try await AgentBinary.run(["readings", "--config", config.path]).stdout)
        let gpu = readings.filter { $0["kind"] as? String == "gpu" }
        let epochs = gpu.compactMap { $0["energy_epoch"] as? String }
        let registers = gpu.compactMap { ($0["energy_j"] as? NSNumber)?.doubleValue }
        try #require(gpu.count >= 3 && registers.count == gpu.count, "\(gpu)")
        #expect(Set(epochs).count == 2, "one epoch before the restart, a new one after: \(epochs)")
        #expect(registers.allSatisfy { $0 >= 0 })
        #expect(registers.last == 0, "the new epoch's register starts at zero")
        // The register's gain over the first epoch, which the restart's backwards step must not add to.
        let gained = registers[registers.count - 2] - registers[0]
        #expect(gained > 0)

        let hour = Int(Date().timeIntervalSince1970) / 3600 * 3600
        let format = ISO8601DateFormatter()
        let energy = try await AgentBinary.run([
            "energy", "--config", config.path, "--from",
            format.string(from: Date(timeIntervalSince1970: Double(hour - 3600))),
            "--to", format.string(from: Date(timeIntervalSince1970: Double(hour + 3600))), "--step", "1h",
            "--format", "json", "--device", gpu[0]["device"] as! String,
        ])
        #expect(energy.status == 0, "\(energy.stderr)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(energy.stdout.utf8)) as? [[String: Any]], "\(energy.stdout)")
        let joules = rows.compactMap { ($0["energy_j"] as? NSNumber)?.doubleValue }.reduce(0, +)
        #expect(abs(joules - gained) <= 1e-6 * max(1, gained), "intervals \(joules) J, register gained \(gained) J")
    }
}
