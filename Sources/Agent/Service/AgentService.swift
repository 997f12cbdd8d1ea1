import FleetCore
import Logging
import ServiceLifecycle
import Synchronization

/// The agent's poll loop as a service: one cycle per tick of `interval` (`CycleSchedule`), each cycle's readings
/// handed to the sink. A cycle that overruns is counted and the next starts on the next tick (no pile-up). On a
/// graceful shutdown (SIGTERM, SIGINT), or after `cycles` cycles, the cycle in progress finishes, the sink is closed,
/// and `run` returns.
public struct AgentService: Service {
    /// Reads one cycle's devices (a `PollCycle`; a stand-in in tests).
    public typealias Read = @Sendable () async -> [Reading]

    private let read: Read
    private let sink: any CycleSink
    private let interval: Duration
    /// Stop after this many cycles; nil: until shut down.
    private let cycles: Int?
    private let logger: Logger
    /// Counters the metrics and tests read.
    public let stats: CycleStats
    /// Told after each cycle: how long it took, and how many ticks it made the loop skip.
    private let observe: @Sendable (_ duration: Duration, _ skipped: Int) -> Void
    /// Each cycle's readings before they are stored (the plan's tenant added).
    private let prepare: @Sendable ([Reading]) async -> [Reading]
    /// The control step, after the readings are stored (or failed to be: the budget is kept either way).
    private let control: @Sendable ([Reading]) async -> Void
    /// After the last cycle, before the sink closes (devices restored to their originals).
    private let onStop: @Sendable () async -> Void

    public init(
        read: @escaping Read, sink: any CycleSink, interval: Duration, cycles: Int? = nil,
        stats: CycleStats = CycleStats(), logger: Logger = Logger(label: "fleet-agent.cycle"),
        observe: @escaping @Sendable (_ duration: Duration, _ skipped: Int) -> Void = { _, _ in },
        prepare: @escaping @Sendable ([Reading]) async -> [Reading] = { $0 },
        control: @escaping @Sendable ([Reading]) async -> Void = { _ in },
        onStop: @escaping @Sendable () async -> Void = {}
    ) {
        self.read = read
        self.sink = sink
        self.interval = interval
        self.cycles = cycles
        self.stats = stats
        self.logger = logger
        self.observe = observe
        self.prepare = prepare
        self.control = control
        self.onStop = onStop
    }

    public func run() async throws {
        let clock = ContinuousClock()
        let origin = clock.now
        let schedule = CycleSchedule(interval: interval, start: .zero)
        var tick = 0
        var number = 0
        /// Cycles not stored in a row, and when that was last logged.
        var unstored: (count: Int, logged: ContinuousClock.Instant)?
        while true {
            number += 1
            let began = clock.now
            let readings = await prepare(await read())
            do {
                try await sink.store(CycleReadings(number: number, started: .now(), readings: readings))
                unstored = nil
            } catch {
                stats.storeFailed()
                // The first failure in a run is logged, then one line every ten minutes while it lasts (a full
                // disk would otherwise write a line a cycle into the journal on the same disk).
                let count = (unstored?.count ?? 0) + 1
                if let last = unstored?.logged, clock.now - last < .seconds(600) {
                    unstored?.count = count
                } else {
                    logger.error(
                        "cycle \(number): readings not stored\(count > 1 ? " (\(count) cycles in a row)" : ""): \(error)"
                    )
                    unstored = (count, clock.now)
                }
            }
            await control(readings)
            let took = clock.now - began
            stats.cycleDone(duration: took, readings: readings.count)
            if cycles.map({ number >= $0 }) ?? false || Task.isShuttingDownGracefully || Task.isCancelled {
                observe(took, 0)
                break
            }
            let (next, missed) = schedule.next(after: tick, endedAt: clock.now - origin)
            observe(took, missed)
            if missed > 0 {
                stats.overran(missed)
                logger.warning(
                    "cycle \(number) took \(clock.now - began), past its \(interval) interval; \(missed) tick(s) skipped"
                )
            }
            tick = next
            let wake = origin + schedule.instant(of: next)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(until: wake, clock: clock) }
            } catch {
                break  // shutting down (or cancelled) while waiting for the next tick
            }
        }
        await onStop()
        await sink.close()
    }
}

/// The poll loop's counters: cycles run, overruns (ticks skipped), failed stores, last cycle's duration.
public final class CycleStats: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var cycles = 0
        public var overruns = 0
        public var storeFailures = 0
        public var readings = 0
        public var lastDuration: Duration = .zero
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func cycleDone(duration: Duration, readings: Int) {
        state.withLock {
            $0.cycles += 1
            $0.readings += readings
            $0.lastDuration = duration
        }
    }

    func overran(_ ticks: Int) { state.withLock { $0.overruns += ticks } }

    func storeFailed() { state.withLock { $0.storeFailures += 1 } }
}
