import Synchronization

/// One budget for the reply bytes held in memory by every request in flight at once. A request reserves what it has
/// received before it reads more; when the budget is spent it stops reading (TCP back-pressure on the miner) until
/// other requests finish and give their bytes back. So 300 miners that send endless replies hold at most the budget
/// plus one socket read each, not 300 times the per-reply cap.
///
/// A request that holds nothing is always granted its first reservation, so one reply larger than the whole budget
/// still completes (it cannot starve itself).
public final class ReplyByteBudget: Sendable {
    /// The default: 64 MiB, some 2,000 typical full replies (about 30 kB each) at once.
    public static let defaultBytes = 64 << 20

    /// The most bytes reserved at once.
    public let capacity: Int

    private struct Waiter {
        var bytes: Int
        var grant: @Sendable () -> Void
    }

    private struct State {
        var inUse = 0
        var peak = 0
        var waiters: [Waiter] = []
        var firstWaiter = 0
    }

    private let state = Mutex(State())

    public init(bytes: Int = defaultBytes) {
        capacity = max(bytes, 1)
    }

    /// Bytes reserved now.
    public var inUse: Int { state.withLock { $0.inUse } }
    /// The most bytes ever reserved at once.
    public var peak: Int { state.withLock { $0.peak } }

    /// Reserves `bytes` and calls `grant` at once (on this thread) when they fit, or later (on the thread that frees
    /// them) when they do not; waiters are granted in order. `holding` is what the caller already holds: a caller
    /// holding nothing is granted even past the capacity.
    func reserve(_ bytes: Int, holding: Int, then grant: @escaping @Sendable () -> Void) {
        let now = state.withLock { s -> Bool in
            let fits = s.inUse + bytes <= capacity || (holding == 0 && s.inUse == 0)
            if fits, s.firstWaiter == s.waiters.count {
                s.inUse += bytes
                s.peak = max(s.peak, s.inUse)
                return true
            }
            s.waiters.append(Waiter(bytes: bytes, grant: grant))
            return false
        }
        if now { grant() }
    }

    /// Counts `bytes` that are already in memory (the last read of a reply, taken before it could be reserved).
    func take(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { s in
            s.inUse += bytes
            s.peak = max(s.peak, s.inUse)
        }
    }

    /// Gives `bytes` back and grants the waiters that now fit.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        let granted = state.withLock { s -> [@Sendable () -> Void] in
            s.inUse -= bytes
            var granted: [@Sendable () -> Void] = []
            while s.firstWaiter < s.waiters.count {
                let next = s.waiters[s.firstWaiter]
                guard s.inUse + next.bytes <= capacity || s.inUse == 0 else { break }
                s.inUse += next.bytes
                s.peak = max(s.peak, s.inUse)
                granted.append(next.grant)
                s.firstWaiter += 1
            }
            if s.firstWaiter == s.waiters.count {
                s.waiters.removeAll(keepingCapacity: true)
                s.firstWaiter = 0
            }
            return granted
        }
        for grant in granted { grant() }
    }
}
