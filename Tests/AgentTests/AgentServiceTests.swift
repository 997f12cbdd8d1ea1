import Agent
import FleetCore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The poll loop's schedule and service shape, with the devices and the ledger stood in for.
@Suite struct CycleScheduleTests {
    let schedule = CycleSchedule(interval: .seconds(10), start: .zero)

    @Test func aCycleThatEndsInTimeStartsTheNextOnTheNextTick() {
        #expect(schedule.next(after: 0, endedAt: .seconds(3)) == (1, 0))
        #expect(schedule.next(after: 4, endedAt: .seconds(49.9)) == (5, 0))
    }

    @Test func anOverrunSkipsToTheNextTickAheadAndCountsTheMissedOnes() {
        #expect(schedule.next(after: 0, endedAt: .seconds(10)) == (2, 1))
        #expect(schedule.next(after: 0, endedAt: .seconds(25)) == (3, 2))
        #expect(schedule.next(after: 7, endedAt: .seconds(80.5)) == (9, 1))
        #expect(schedule.instant(of: 3) == .seconds(30))
    }
}

@Suite struct AgentServiceTests {
    /// Records what it is given; fails the stores whose numbers are listed.
    final class RecordingSink: CycleSink {
        private let state = Mutex<(cycles: [CycleReadings], closed: Bool)>(([], false))
        let failing: Set<Int>

        init(failing: Set<Int> = []) { self.failing = failing }

        func store(_ cycle: CycleReadings) async throws {
            if failing.contains(cycle.number) { throw SinkError() }
            state.withLock { $0.cycles.append(cycle) }
        }

        func close() async { state.withLock { $0.closed = true } }

        var cycles: [CycleReadings] { state.withLock { $0.cycles } }
        var closed: Bool { state.withLock { $0.closed } }
    }

    struct SinkError: Error {}

    static func reading(_ n: Int) -> Reading {
        Reading(
            time: .now(), host: "h", device: .asic(endpoint: "10.0.0.\(n):4028"), kind: .asic,
            address: "10.0.0.\(n):4028")
    }

    @Test func onceRunsOneCycleStoresItAndCloses() async throws {
        let sink = RecordingSink()
        let service = AgentService(
            read: { [Self.reading(1), Self.reading(2)] }, sink: sink, interval: .seconds(60), cycles: 1)
        try await service.run()
        #expect(sink.cycles.count == 1 && sink.cycles[0].number == 1)
        #expect(sink.cycles[0].readings.map(\.address) == ["10.0.0.1:4028", "10.0.0.2:4028"])
        #expect(sink.closed)
        #expect(service.stats.snapshot.cycles == 1 && service.stats.snapshot.readings == 2)
    }

    @Test func stopsAfterItsCyclesOnTheirTicks() async throws {
        let sink = RecordingSink()
        let service = AgentService(read: { [Self.reading(1)] }, sink: sink, interval: .milliseconds(10), cycles: 3)
        try await service.run()
        #expect(sink.cycles.map(\.number) == [1, 2, 3])
        #expect(sink.closed)
    }

    /// A failed store is counted and logged; the next cycle is read and stored as usual.
    @Test func aSinkThatFailsDoesNotStopThePolling() async throws {
        let sink = RecordingSink(failing: [1])
        let service = AgentService(read: { [Self.reading(1)] }, sink: sink, interval: .milliseconds(20))
        let task = Task { try await service.run() }
        while sink.cycles.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        try await task.value
        #expect(sink.cycles.map(\.number).prefix(2) == [2, 3])
        #expect(service.stats.snapshot.storeFailures == 1)
        #expect(sink.closed)
    }

    /// A slow cycle (250 ms on a 100 ms interval) is counted as an overrun and the loop does not run the missed
    /// cycles back to back.
    @Test func anOverrunIsCountedAndTheMissedCyclesAreNotRunLate() async throws {
        let calls = Mutex(0)
        let sink = RecordingSink()
        let service = AgentService(
            read: {
                let n = calls.withLock { count -> Int in
                    count += 1
                    return count
                }
                if n == 1 { try? await Task.sleep(for: .milliseconds(250)) }
                return [Self.reading(n)]
            }, sink: sink, interval: .milliseconds(100))
        let task = Task { try await service.run() }
        while sink.cycles.count < 3 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        try await task.value
        #expect(service.stats.snapshot.overruns >= 2)
        #expect(service.stats.snapshot.cycles >= 3)
    }

    /// SIGTERM's path: a graceful shutdown during a cycle lets the cycle finish and be stored, then the sink closes.
    @Test func gracefulShutdownFinishesTheCycleInProgress() async throws {
        let sink = RecordingSink()
        let inCycle = Mutex(false)
        let service = AgentService(
            read: {
                inCycle.withLock { $0 = true }
                try? await Task.sleep(for: .milliseconds(300))
                return [Self.reading(1)]
            }, sink: sink, interval: .seconds(60))
        let group = ServiceGroup(
            configuration: .init(
                services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        let running = Task { try await group.run() }
        while !inCycle.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(sink.cycles.count == 1, "the cycle in progress was stored")
        #expect(sink.closed)
    }
}
