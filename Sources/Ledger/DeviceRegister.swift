import FleetCore

/// One device's energy register and the last observation it integrates from. Pure: the cycle writer loads these from
/// the `devices` table, lets them observe the cycle, and stores what changed.
///
/// The invariant that makes energy conserved: between two consecutive usable observations of a device there is
/// exactly one step (energy added to the register and to the intervals it spans) or exactly one gap (nothing added).
struct DeviceRegister {
    /// A usable reading the next step starts from.
    struct Observation {
        var timeMs: Int64
        var powerW: Double?
        var counterJ: Double?
        var quality: PowerQuality
        /// The number of the cycle that brought it (silence is counted in cycles).
        var cycle: Int64
    }

    /// What observing one reading did, for the writer to store.
    struct Change {
        var step: EnergyStep?
        /// A gap opened and closed by this reading (a reset, a clock step back, nothing to integrate).
        var closedGap: GapSpan?
        /// The open gap this reading ends, and the time it ends at.
        var endedGap: (id: Int64, endMs: Int64)?
        var endedEpoch: EpochEnd?
        var startedEpoch: EpochStart?
    }

    struct GapSpan: Equatable {
        var startMs: Int64
        var endMs: Int64?
        var reason: GapReason
    }

    struct EpochStart: Equatable {
        var epoch: Int64
        var startMs: Int64
        var reason: String
    }

    struct EpochEnd: Equatable {
        var epoch: Int64
        var lastSeq: Int64
        var registerJ: Double
    }

    /// Silence longer than this many cycles opens a gap.
    static let silentCycles: Int64 = 3

    var id: Int64
    var device: String
    var lastSeq: Int64
    /// The seq of the reading that began the current epoch; nil before the device's first usable reading.
    var epoch: Int64?
    var epochLastSeq: Int64?
    var registerJ: Double
    var observation: Observation?
    /// The last counter and uptime seen, kept across gaps so that a reset during one is still noticed.
    var counterJ: Double?
    var uptimeS: Double?
    var openGapID: Int64?

    /// Accounts one reading stored with `seq` in cycle number `cycle`.
    mutating func observe(_ sample: EnergySample, seq: Int64, cycle: Int64, tenant: String?) -> Change {
        var change = Change()
        lastSeq = seq
        guard sample.isUsable else { return change }
        if let openGapID {
            change.endedGap = (openGapID, sample.timeMs)
            self.openGapID = nil
        }
        if let reason = resetReason(sample) {
            if let epoch, let epochLastSeq {
                change.endedEpoch = EpochEnd(epoch: epoch, lastSeq: epochLastSeq, registerJ: registerJ)
            }
            if let observation, reason != .first {
                change.closedGap = GapSpan(
                    startMs: observation.timeMs, endMs: sample.timeMs,
                    reason: reason == .counterReset ? .counterReset : .uptimeReset)
            }
            epoch = seq
            registerJ = 0
            change.startedEpoch = EpochStart(epoch: seq, startMs: sample.timeMs, reason: reason.rawValue)
        } else if let observation {
            switch EnergyStep.between(observation, sample, tenant: tenant) {
            case .step(let step):
                registerJ += step.energyJ
                change.step = step
            case .gap(let reason):
                let start = min(observation.timeMs, sample.timeMs)
                change.closedGap = GapSpan(
                    startMs: start, endMs: max(observation.timeMs, sample.timeMs), reason: reason)
            }
        }
        epochLastSeq = seq
        observation = Observation(
            timeMs: sample.timeMs, powerW: sample.powerW, counterJ: sample.counterJ, quality: sample.quality,
            cycle: cycle)
        if let counter = sample.counterJ { counterJ = counter }
        if let uptime = sample.uptimeS { uptimeS = uptime }
        return change
    }

    /// Ends the current observation because the device's energy is unknown from it on: the gap to open (from the
    /// observation, or `fallbackStartMs` when there is none), or nil when a gap is already open.
    mutating func interrupt(reason: GapReason, fallbackStartMs: Int64?) -> GapSpan? {
        guard openGapID == nil else { return nil }
        guard let startMs = observation?.timeMs ?? fallbackStartMs else { return nil }
        observation = nil
        return GapSpan(startMs: startMs, endMs: nil, reason: reason)
    }

    /// Whether the device has had no usable reading for more than `silentCycles` cycles as of cycle `cycle`.
    func isSilent(atCycle cycle: Int64) -> Bool {
        guard let observation else { return false }
        return cycle - observation.cycle > Self.silentCycles
    }

    private enum EpochReason: String {
        case first
        case counterReset = "counter_reset"
        case uptimeReset = "uptime_reset"
    }

    private func resetReason(_ sample: EnergySample) -> EpochReason? {
        if epoch == nil { return .first }
        if let now = sample.counterJ, let before = counterJ, now < before { return .counterReset }
        if let now = sample.uptimeS, let before = uptimeS, now < before { return .uptimeReset }
        return nil
    }
}
