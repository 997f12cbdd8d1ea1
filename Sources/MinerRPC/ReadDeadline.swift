import NIOCore
import Synchronization

/// The deadline of one whole read of one miner: every round (joined request, fallback per command, the family's
/// extra commands) is charged to one allowance, `timeout`, so `--timeout` bounds what a misbehaving miner can cost
/// however many rounds its read needs.
///
/// Only the time during which at least one of the read's connections is open (connect, request, reply) is charged.
/// Time the agent itself needs between connections (waiting for a socket permit or a place in the sweep, decoding,
/// the CPU shared by thousands of reads on a busy host) never makes a healthy miner look slow.
public final class ReadDeadline: Sendable {
    /// The whole read's allowance, as the operator gave it.
    public let timeout: Duration
    /// The read's place in its sweep, given back early when a request's miner stays quiet (`ReadAdmission`).
    public let ticket: ReadAdmission.Ticket?
    /// How long a request may receive nothing before the ticket is given back.
    let quietAfter: Duration

    private struct State {
        var spent: Duration = .zero
        var open = 0
        var since = ContinuousClock.now
        /// Reply bytes the read's requests received, still reserved in the reply budget.
        var held = 0
    }

    private let state = Mutex(State())

    public init(_ timeout: Duration, ticket: ReadAdmission.Ticket? = nil, quietAfter: Duration = .milliseconds(100)) {
        self.timeout = timeout
        self.ticket = ticket
        self.quietAfter = quietAfter
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

    /// Keeps `bytes` of a finished request's reply reserved until the read gives them back (`takeHeld`).
    func hold(_ bytes: Int) {
        state.withLock { $0.held += bytes }
    }

    /// The reply bytes held so far, now the caller's to give back to the budget.
    public func takeHeld() -> Int {
        state.withLock { s in
            defer { s.held = 0 }
            return s.held
        }
    }
}
