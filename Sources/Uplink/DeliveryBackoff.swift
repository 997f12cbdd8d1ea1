/// How long the uplink waits before sending a refused or failed batch again: doubling from `first` up to `longest`,
/// with up to a fifth taken off at random so that the hosts of a site that lost their receiver together do not all
/// come back in the same second. A receiver's `Retry-After` is honoured when it asks for longer.
public struct DeliveryBackoff: Sendable {
    public let first: Duration
    public let longest: Duration
    /// Failures in a row so far.
    public private(set) var failures = 0

    public init(first: Duration = .seconds(1), longest: Duration = .seconds(30)) {
        precondition(first > .zero && longest >= first, "backoff needs 0 < first <= longest")
        self.first = first
        self.longest = longest
    }

    /// The wait after one more failure; `retryAfter` is the receiver's own request, if it made one.
    public mutating func next(retryAfter: Duration? = nil) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return next(retryAfter: retryAfter, using: &generator)
    }

    /// `next(retryAfter:)` with the jitter drawn from `generator`.
    public mutating func next<G: RandomNumberGenerator>(retryAfter: Duration?, using generator: inout G) -> Duration {
        failures += 1
        var wait = first
        for _ in 1..<min(failures, 32) where wait < longest { wait *= 2 }
        wait = min(wait, longest)
        wait -= wait * Double.random(in: 0..<0.2, using: &generator)
        if let retryAfter, retryAfter > wait { return retryAfter }
        return wait
    }

    /// After a delivery: the next failure waits `first` again.
    public mutating func reset() { failures = 0 }
}
