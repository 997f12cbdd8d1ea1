import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The demo is the agent: while it runs, its API (on the loopback address it prints) serves the readings it has
/// stored and their metrics, as the built binary.
@Suite struct DemoAPITests {
    @Test func theDemoServesItsAPIWhileItRuns() async throws {
        let demo = try DemoProcess.start(["--interval", "1"])
        defer { demo.cleanUp() }
        let api = try #require(try await demo.apiAddress(), "no API address printed: \(demo.errors)")
        // The first cycle's nine readings, stored with seq 1-9 (up to 30 s on a loaded machine).
        var readings: [[String: Any]] = []
        for _ in 0..<300 where readings.count < 9 {
            if let text = try? await RunCommandTests.get("\(api)/v1/readings?after=0&limit=9") {
                readings = (try? AgentBinary.jsonLines(text)) ?? []
            }
            if readings.count < 9 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(readings.compactMap { $0["seq"] as? Int } == Array(1...9))
        #expect(readings.filter { $0["kind"] as? String == "gpu" }.count == 2)
        #expect(readings.allSatisfy { $0["host"] as? String == "demo" && $0["status"] as? String == "ok" })
        // The metrics are set just after the cycle is stored: asked again until they are.
        let gpuPower = "fleet_device_power_watts{device=\"gpu:GPU-12345678-aaaa-bbbb-cccc-0123456789ab\""
        var metrics = ""
        for _ in 0..<100 where !metrics.contains(gpuPower) {
            metrics = (try? await RunCommandTests.get("\(api)/metrics")) ?? ""
            if !metrics.contains(gpuPower) { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(metrics.contains(gpuPower), "\(metrics)")
        #expect(metrics.contains("fleet_agent_readings_stored_total"))
        try #require(try await demo.stop(by: SIGTERM))
        #expect(demo.process.terminationReason == .uncaughtSignal && demo.process.terminationStatus == SIGTERM)
        #expect(demo.folders.isEmpty)
    }
}
