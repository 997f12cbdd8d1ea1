import AgentServer
import Dispatch
import FleetCore
import Synchronization

/// Hands each cycle's readings to `DeviceMetrics` on a queue of its own, so a cycle never waits for its series:
/// swift-prometheus copies a metric's whole set of series each time it adds or removes one, which for a first
/// cycle of 5,000 miners (some 37,000 series) is about 20 s of CPU. When cycles come faster than the series can take
/// them, only the newest waiting cycle is applied: every device series is absolute (gauges, and an energy counter
/// that follows the ledger's register), so skipping a cycle loses nothing. `then` runs after each cycle is applied
/// (with the readings counted since the last call), so what a scrape shows as stored always has its series.
final class DeviceMetricsFeed: Sendable {
    private let metrics: DeviceMetrics
    private let queue = DispatchQueue(label: "fleet-agent.device-metrics", qos: .utility)
    private let state = Mutex<(pending: [Reading]?, stored: Int, running: Bool)>((nil, 0, false))
    private let then: @Sendable (_ stored: Int) -> Void

    init(metrics: DeviceMetrics, then: @escaping @Sendable (_ stored: Int) -> Void = { _ in }) {
        self.metrics = metrics
        self.then = then
    }

    /// Queues a cycle's readings (`stored` of them stored in the ledger).
    func submit(_ readings: [Reading], stored: Int) {
        let start = state.withLock { state in
            state.pending = readings
            state.stored += stored
            defer { state.running = true }
            return !state.running
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let next = state.withLock { state -> (readings: [Reading], stored: Int)? in
                guard let readings = state.pending else {
                    state.running = false
                    return nil
                }
                defer { (state.pending, state.stored) = (nil, 0) }
                return (readings, state.stored)
            }
            guard let next else { return }
            metrics.update(next.readings)
            then(next.stored)
        }
    }
}
