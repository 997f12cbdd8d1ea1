import CGMinerJSON

/// Stock Bitmain firmware (SYNTHETIC behaviour): its controls are on the web interface (another server flips the
/// endpoint's `FixturePowerState`: asleep, mode `normal` / `low-power`); the RPC side only scales its reports.
struct BitmainEmulation: FixtureEmulation {
    let controls: FixtureControls

    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]? {
        let state = power.snapshot
        guard !state.isInitial, ReplyJSON.reports.contains(request.command),
            let recorded = miner.replies[request.command]
        else { return nil }
        return BitmainReplyScaling.rewrite(recorded, state: state, controls: controls)
    }
}

/// Scales a stock Bitmain report (`stats`, `summary`, `devs`) for a power state: hashrates (`GHS 5s`, `GHS av`,
/// `chain_rate<n>`, `total_rate`) by the mode's share of normal (`FixtureControls.stepShares`), to zero asleep.
/// The recorded bytes come back untouched in the initial state.
public enum BitmainReplyScaling {
    public static func rewrite(
        _ recorded: [UInt8], state: FixturePowerState.Snapshot, controls: FixtureControls = .bitmainDefault
    ) -> [UInt8] {
        guard !state.isInitial else { return recorded }
        let shares = controls.stepShares ?? FixtureControls.bitmainDefault.stepShares ?? [:]
        let base = shares[controls.recordedStep ?? "normal"] ?? 1
        let share = state.step.flatMap { shares[$0] } ?? base
        let fraction = state.asleep ? 0 : share / base
        return ReplyJSON.rewrite(recorded, hashFraction: fraction) ?? recorded
    }
}
