import Foundation
import TestSupport
import Testing

/// `fleet-agent run` with `uplink.otlp_url` pushes the device series to an OTLP/HTTP sink that decodes them with the
/// official protobuf definitions (PyPI `opentelemetry-proto`): energy a monotonic cumulative sum in joules with a
/// start time, power a gauge in watts, and the resource naming the agent and its host.
@Suite(.timeLimit(.minutes(3))) struct OTLPPushTests {
    static let protoPackage = "opentelemetry-proto==1.39.1"

    /// `opentelemetry-proto` (with its `protobuf`) installed once per build folder, never into the source tree.
    static func protoDirectory() async throws -> String {
        let target = AgentBinary.productsDirectory.appendingPathComponent("otlp-pypi").path
        if FileManager.default.fileExists(atPath: target + "/opentelemetry/proto") { return target }
        let pip = try await Shell.run(
            "python3 -m pip install --disable-pip-version-check --no-compile --timeout 30 --retries 2 --target '\(target)' '\(protoPackage)'"
        )
        guard pip.status == 0 else {
            Issue.record(
                "could not install \(protoPackage) from PyPI; this test needs PyPI. pip: \(pip.output.suffix(600))")
            throw CancellationError()
        }
        return target
    }

    @Test func theSinkDecodesEnergyAsACumulativeSumAndPowerAsAGauge() async throws {
        let proto = try await Self.protoDirectory()
        let scratch = try PackagePaths.temporaryDirectory("otlp")
        let points = scratch.appendingPathComponent("points.ndjson").path
        let portFile = scratch.appendingPathComponent("port").path
        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sink.arguments = [
            "python3", PackagePaths.root.appendingPathComponent("Tests/FleetAgentTests/otlp/otlp_sink.py").path,
            points, portFile, "120",
        ]
        sink.environment = ProcessInfo.processInfo.environment.merging(["PYTHONPATH": proto]) { $1 }
        try sink.run()
        defer { if sink.isRunning { sink.terminate() } }
        var sinkPort: String?
        for _ in 0..<200 where sinkPort == nil {
            sinkPort = try? String(contentsOfFile: portFile, encoding: .utf8)
            if sinkPort == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let port = try #require(sinkPort, "the sink did not start")

        let server = try await RunCommandTests.fixtureMiners()
        let apiPort = try FreePort.take()
        let folder = try RunCommandTests.site(
            miners: server.endpoints.map(\.address.original), interval: 1,
            extra: """

                http: { listen: 127.0.0.1:\(apiPort) }
                uplink: { otlp_url: "http://127.0.0.1:\(port)", timeout_s: 2 }

                """)
        let config = folder.appendingPathComponent("agent.yaml")
        let agent = try AgentBinary.start(["run", "--config", config.path])
        defer { if agent.isRunning { agent.terminate() } }

        // Wait for exports in which a miner's energy has grown.
        let asic = "asic:c6:02:14:00:1f:b3"
        var rows: [[String: Any]] = []
        for _ in 0..<400 {
            rows = (try? AgentBinary.jsonLines(String(contentsOfFile: points, encoding: .utf8))) ?? []
            let energies = Self.series(rows, "fleet.device.energy", asic).compactMap { $0["value"] as? Double }
            if energies.count >= 3, energies.last! > 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let metrics = try await RunCommandTests.get("http://127.0.0.1:\(apiPort)/metrics")
        kill(agent.processIdentifier, SIGTERM)
        for _ in 0..<100 where agent.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        await server.close()

        let energy = Self.series(rows, "fleet.device.energy", asic)
        try #require(energy.count >= 3, "energy exports received: \(energy.count) of \(rows.count) points")
        for point in energy {
            #expect(point["kind"] as? String == "sum")
            #expect(point["unit"] as? String == "J")
            #expect(point["monotonic"] as? Bool == true)
            #expect(point["temporality"] as? Int == 2, "AGGREGATION_TEMPORALITY_CUMULATIVE")
            #expect(point["path"] as? String == "/v1/metrics")
            #expect(point["content_type"] as? String == "application/x-protobuf")
            let start = (point["start"] as? NSNumber)?.uint64Value ?? 0
            let time = (point["time"] as? NSNumber)?.uint64Value ?? 0
            #expect(start > 0 && start < time)
        }
        // One start time for the whole sum; the values never fall, and grow while the miner draws power.
        #expect(Set(energy.compactMap { ($0["start"] as? NSNumber)?.uint64Value }).count == 1)
        let values = energy.compactMap { $0["value"] as? Double }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(values)")
        #expect(values.last! > 0)

        let power = try #require(Self.series(rows, "fleet.device.power", asic).last)
        #expect(power["kind"] as? String == "gauge")
        #expect(power["unit"] as? String == "W")
        let attributes = power["attributes"] as? [String: String] ?? [:]
        #expect(attributes["kind"] == "asic" && attributes["device"] == asic, "\(attributes)")
        #expect(attributes["model"]?.isEmpty != true, "an unknown model is no attribute, not an empty one")
        // The same watts as the agent's own /metrics shows for the miner (a recorded reply: constant).
        let watts = try #require(power["value"] as? Double)
        #expect(metrics.contains("fleet_device_power_watts{device=\"\(asic)\""))
        let shown = metrics.split(separator: "\n").first { $0.hasPrefix("fleet_device_power_watts{device=\"\(asic)\"") }
        #expect(
            shown.flatMap { Double($0.split(separator: " ").last!) } == watts,
            "\(watts) W pushed, /metrics: \(shown ?? "")")
        let resource = power["resource"] as? [String: String] ?? [:]
        #expect(resource["service.name"] == "fleet-agent" && resource["host.name"] == "rig-1", "\(resource)")
        let gpuPower = Self.series(rows, "fleet.device.power", nil).filter {
            let kind = ($0["attributes"] as? [String: String])?["kind"]
            return kind == "gpu"
        }
        #expect(!gpuPower.isEmpty, "the GPU's power is pushed too")
        // A value a device does not report is not pushed (no hashrate of 0 H/s for a GPU).
        let gpuHashrate = Self.series(rows, "fleet.miner.hashrate", nil).filter {
            ($0["attributes"] as? [String: String])?["kind"] == "gpu"
        }
        #expect(gpuHashrate.isEmpty, "\(gpuHashrate.prefix(2))")
    }

    /// The points of metric `name` for `device` (any device when nil), in the order they arrived.
    static func series(_ rows: [[String: Any]], _ name: String, _ device: String?) -> [[String: Any]] {
        rows.filter {
            $0["name"] as? String == name
                && (device == nil || ($0["attributes"] as? [String: String])?["device"] == device)
        }
    }
}
