import AgentServer
import Dispatch
import FleetCore
import Synchronization

/// Hands each cycle's readings to `DeviceMetrics` on a queue of its own, so a cycle never waits for its series:
/// swift-prometheus copies a metric's whole set of series each time it adds or removes one, which for a first
/// cycle of 5,000 miners (some 37,000 series) is about 20 s of CPU. When cycles come faster than the series can take
/// them, only the newest waiting cycle is applied: every device series is absolute (gauges, and an energy counter
/// that follows the ledger's register), so skipping a cycle loses nothing. A scrape may therefore show a new device's
/// series a moment after the cycle that found it was stored (on a first cycle of thousands of miners, a few cycles).
final class DeviceMetricsFeed: Sendable {
    private let metrics: DeviceMetrics
    private let queue = DispatchQueue(label: "fleet-agent.device-metrics", qos: .utility)
    private let state = Mutex<(pending: [Reading]?, running: Bool)>((nil, false))

    init(metrics: DeviceMetrics) {
        self.metrics = metrics
    }

    /// Queues a cycle's readings.
    func submit(_ readings: [Reading]) {
        let start = state.withLock { state in
            state.pending = readings
            defer { state.running = true }
            return !state.running
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let next = state.withLock { state -> [Reading]? in
                guard let readings = state.pending else {
                    state.running = false
                    return nil
                }
                state.pending = nil
                return readings
            }
            guard let next else { return }
            metrics.update(next)
        }
    }
}
