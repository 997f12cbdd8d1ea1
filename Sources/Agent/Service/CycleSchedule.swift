/// When poll cycles start: on fixed ticks `start + n × interval`. A cycle that runs past its tick is an overrun; the
/// next cycle starts on the next tick still ahead (the missed ones are counted, never run late one after another).
public struct CycleSchedule: Sendable, Equatable {
    public let interval: Duration
    /// The instant of tick 0, as an offset on any monotonic clock.
    public let start: Duration

    public init(interval: Duration, start: Duration) {
        precondition(interval > .zero, "a cycle interval must be positive")
        self.interval = interval
        self.start = start
    }

    /// After a cycle that began on tick `tick` and ended at `now`: the next tick to start on, and how many ticks
    /// were missed (0 when the cycle ended before its next tick).
    public func next(after tick: Int, endedAt now: Duration) -> (tick: Int, missed: Int) {
        let following = tick + 1
        let due = start + interval * following
        guard now >= due else { return (following, 0) }
        // The first tick strictly after `now`.
        let elapsedTicks = Int(((now - start) / interval).rounded(.down))
        let next = max(following, elapsedTicks + 1)
        return (next, next - following)
    }

    /// The instant of `tick`, as an offset on the same clock as `start`.
    public func instant(of tick: Int) -> Duration { start + interval * tick }
}
