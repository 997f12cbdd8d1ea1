import NIOCore
import Synchronization

/// The deadline of one whole read of one miner: every round (joined request, fallback per command, the family's
/// extra commands) is charged to one allowance, `timeout`, so `--timeout` bounds what a misbehaving miner can cost
/// however many rounds its read needs.
///
/// Only time spent waiting on the miner is charged: the time during which at least one of the read's connections
/// is open (connect, request, reply), less any wait for this process's own resources in between (the reply-byte
/// budget). Time the agent itself needs (waiting for a socket permit, decoding, the CPU shared by thousands of
/// reads on a busy host) never makes a healthy miner look slow.
public final class ReadDeadline: Sendable {
    /// The whole read's allowance, as the operator gave it.
    public let timeout: Duration

    private struct State {
        var spent: Duration = .zero
        var open = 0
        var since = ContinuousClock.now
    }

    private let state = Mutex(State())

    public init(_ timeout: Duration) {
        self.timeout = timeout
    }

    /// What is left of the allowance now; zero or negative once spent.
    public var remaining: Duration {
        state.withLock { s in timeout - s.spent - (s.open > 0 ? ContinuousClock.now - s.since : .zero) }
    }

    /// Opens one connection's charge and returns the instant it must end by, or nil when nothing is left.
    func begin() -> NIODeadline? {
        state.withLock { s in
            let now = ContinuousClock.now
            let left = timeout - s.spent - (s.open > 0 ? now - s.since : .zero)
            guard left > .zero else { return nil }
            if s.open == 0 { s.since = now }
            s.open += 1
            return .now() + TimeAmount(left)
        }
    }

    /// Closes one connection's charge (once per `begin` that returned an instant).
    func end() {
        state.withLock { s in
            s.open -= 1
            if s.open == 0 { s.spent += ContinuousClock.now - s.since }
        }
    }

    /// Takes `duration` off the charge: a wait for this process's own resources while a connection was open.
    func excuse(_ duration: Duration) {
        state.withLock { $0.spent -= duration }
    }
}
