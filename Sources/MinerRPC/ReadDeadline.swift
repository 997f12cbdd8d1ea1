import NIOCore

/// The deadline of one whole read of one miner: every round (joined request, fallback per command, the family's
/// extra commands) ends by it, so `--timeout` bounds what a read costs however the miner misbehaves.
public struct ReadDeadline: Sendable {
    /// The instant every connection of the read must be done by.
    public let instant: NIODeadline
    /// The whole read's allowance, as the operator gave it (for messages).
    public let timeout: Duration

    /// A deadline `timeout` from now.
    public init(_ timeout: Duration) {
        self.timeout = timeout
        self.instant = .now() + TimeAmount(timeout)
    }

    /// Time left; zero or negative once spent.
    public var remaining: TimeAmount { instant - .now() }
}
