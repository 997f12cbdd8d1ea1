extension FixturePowerState.Snapshot {
    /// No control has changed the miner: its replies are the recorded bytes, untouched.
    public var isInitial: Bool { !asleep && limitW == nil && step == nil }
}
