import Foundation
import Replay
import Testing

/// A real Prometheus server (Debian's `prometheus`) scrapes the running agent every second: it accepts the
/// exposition, and the power and energy it stores for each device are what the agent serves and what its ledger holds.
@Suite struct PrometheusScrapeTests {
    static let miners = ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer", "avalon-1047-cgminer"]
    static let gpus = ["h100-sxm5-80gb-load", "SYNTHETIC-mining-rig-3090x1-4090x1"]
    /// The devices of those fixtures that report power (the S19 Pro's replies have none), each constant across cycles.
    static let powered = [
        "asic:c6:02:14:00:1f:b3", "asic:02010000cb231da8", "gpu:GPU-00000000-0000-0000-0000-000000000000",
        "gpu:GPU-12345678-aaaa-bbbb-cccc-0123456789ab", "gpu:GPU-71d1acc2-662d-2166-bf9f-65272d2fc437",
    ]

    @Test func prometheusStoresThePowerAndEnergyTheAgentServes() async throws {
        try await RunCommandTests.withFixtureMiners(Self.miners) { try await Self.scrape($0) }
    }

    static func scrape(_ fixtures: FixtureMinerServer) async throws {
        let folder = try RunCommandTests.site(
            miners: fixtures.endpoints.map(\.address.original), gpus: gpus, interval: 1,
            extra: "\nhttp: { listen: 127.0.0.1:0 }\n")
        let agent = try RunningAgent.start(config: folder.appendingPathComponent("agent.yaml"))
        defer { agent.kill() }
        let api = AgentAPI(port: try await agent.apiPort())
        let prometheus = try await PrometheusServer.start(scraping: "127.0.0.1:\(api.port)", in: folder)
        defer { prometheus.kill() }

        // Five scrapes of every powered device's energy, and its power now.
        try await eventually("prometheus holds 5 energy samples and the power of \(powered)") {
            let energy = try await prometheus.query("fleet_device_energy_joules_total[5m]")
            let power = try await prometheus.query("fleet_device_power_watts")
            return powered.allSatisfy { device in
                energy.contains { $0.labels["device"] == device && $0.samples.count >= 5 }
                    && power.contains { $0.labels["device"] == device }
            }
        }
        // Prometheus accepted the exposition: its scrapes succeeded (`up` is 0 for one it could not parse).
        let up = try await prometheus.query(#"up{job="fleet-agent"}[5m]"#)
        #expect(up.map(\.labels["instance"]) == ["127.0.0.1:\(api.port)"])
        let scrapes = up.first?.samples.map(\.value) ?? []
        #expect(scrapes.filter { $0 == 1 }.count >= 5, "scrapes \(scrapes):\n\(prometheus.log)")

        // Power: each series as the agent serves it now, labels and value (the fixtures' power never changes; a cycle
        // whose read missed its deadline on a loaded machine drops the series a moment, so this is retried).
        var mismatches: [String] = []
        try? await eventually("prometheus's power series are the agent's", within: .seconds(30)) {
            mismatches = try await Self.powerMismatches(agent: api, prometheus: prometheus)
            return mismatches.isEmpty
        }
        #expect(mismatches.isEmpty, "\(mismatches)")

        // Energy: every sample Prometheus took is one of the registers the ledger stored for the device, in order
        // (non-decreasing, never below 0), and the counter grew while it watched. The readings are fetched after the
        // query, so every scraped register is among them.
        let energy = try await prometheus.query("fleet_device_energy_joules_total[5m]")
        let powerHistory = try await prometheus.query("fleet_device_power_watts[5m]")
        let readings = try await api.readings()
        for device in powered {
            let registers = readings.filter { $0["device"] as? String == device }.compactMap {
                $0["energy_j"] as? Double
            }
            let powers = Set(
                readings.filter { $0["device"] as? String == device }.compactMap { $0["power_w"] as? Double })
            let series = try #require(energy.first { $0.labels["device"] == device })
            let values = series.samples.sorted { $0.time < $1.time }.map(\.value)
            #expect(values.allSatisfy { $0 >= 0 }, "\(device): \(values)")
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(device) went down: \(values)")
            #expect((values.last ?? 0) > (values.first ?? 0), "\(device) did not grow: \(values)")
            let unknown = values.filter { value in !registers.contains { abs($0 - value) <= 1e-9 * max(1, value) } }
            #expect(unknown.isEmpty, "\(device): scraped \(unknown), never stored (stored \(registers))")
            // Every power sample of the last minutes is the power the ledger stored.
            let scrapedPowers = powerHistory.first { $0.labels["device"] == device }?.samples.map(\.value) ?? []
            #expect(!scrapedPowers.isEmpty && Set(scrapedPowers).isSubset(of: powers), "\(device): \(scrapedPowers)")
        }

        // The agent's own counter now is at least what Prometheus saw last (a counter, scraped a moment ago).
        let servedEnergy = try await api.metrics().samples("fleet_device_energy_joules_total")
        for device in powered {
            let now = try #require(servedEnergy.first { $0.labels["device"] == device }).value
            let last = energy.first { $0.labels["device"] == device }?.samples.map(\.value).max() ?? .infinity
            #expect(now >= last, "\(device): the agent serves \(now), Prometheus saw \(last)")
        }
        #expect(try await agent.stop(), "the agent did not stop cleanly on SIGTERM:\n\(agent.log)")
    }

    /// How Prometheus's `fleet_device_power_watts` of each powered device differs from the agent's own series now:
    /// the value, and the labels `kind` and `model` (Prometheus drops empty labels, such as the Whatsminer's model).
    static func powerMismatches(agent: AgentAPI, prometheus: PrometheusServer) async throws -> [String] {
        let served = try await agent.metrics().samples("fleet_device_power_watts")
        let stored = try await prometheus.query("fleet_device_power_watts")
        return powered.compactMap { device in
            let mine = served.first { $0.labels["device"] == device }
            let theirs = stored.first { $0.labels["device"] == device }
            guard let mine, let theirs else { return "\(device): agent \(mine as Any), prometheus \(theirs as Any)" }
            let same =
                theirs.labels["kind"] == mine.labels["kind"] && mine.labels["kind"] != nil
                && (theirs.labels["model"] ?? "") == mine.labels["model"] && theirs.labels["job"] == "fleet-agent"
                && theirs.samples.map(\.value) == [mine.value]
            return same ? nil : "\(device): agent \(mine), prometheus \(theirs)"
        }
    }
}
