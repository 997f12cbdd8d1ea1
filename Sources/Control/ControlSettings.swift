/// How the control step paces its writes (the config's `control` section).
public struct ControlSettings: Sendable, Equatable {
    /// Compute and audit every decision, write nothing (`--dry-run`).
    public var dryRun = false
    /// The least time between a write to a device and a raise of it: a miner that restarts on a change is not
    /// flapped. A lowering is never held back (the budget comes first).
    public var raiseHold: Duration = .seconds(60)
    /// At most this many devices raised in one cycle when budget returns (a staggered ramp-up).
    public var raisesPerCycle = 8
    /// How long one device's write, or its read back, may take.
    public var deviceDeadline: Duration = .seconds(5)
    /// After a write that failed or did not take, the next try waits this long, doubling per failure up to
    /// `retryMax`.
    public var retryBase: Duration = .seconds(10)
    public var retryMax: Duration = .seconds(600)
    /// Consecutive failures after which a device is reported (logged as an error; every try is in the audit).
    public var reportAfter = 3
    /// A miner's continuous limit is set in whole multiples of this many watts, rounded down: a share that moves by a
    /// few watts from cycle to cycle (the draw of uncontrolled devices) does not rewrite a miner that restarts on
    /// every change. GPUs take the watt.
    public var minerLimitStepW = 50.0
    /// Each controlled device's setting is read again at least every this many cycles (a change made by hand shows).
    public var refreshEvery = 6

    public init() {}
}
