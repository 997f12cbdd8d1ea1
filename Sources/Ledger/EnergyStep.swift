import FleetCore

/// The energy a device used between two consecutive usable observations in one epoch: the counter's difference when
/// both ends have one, else the trapezoid of the two powers. Never negative, never across a gap.
struct EnergyStep: Equatable {
    enum Outcome: Equatable {
        case step(EnergyStep)
        /// The span cannot be accounted: it becomes a gap with this reason.
        case gap(GapReason)
    }

    var startMs: Int64
    var endMs: Int64
    var energyJ: Double
    /// The weaker of the two ends' qualities.
    var quality: PowerQuality
    /// The tenant of the reading that closes the step: the step's energy is billed to it.
    var tenant: String?
    /// Whether the energy came from a counter (its average power is then a peak candidate).
    var fromCounter: Bool

    static func between(
        _ start: DeviceRegister.Observation, _ end: EnergySample, tenant: String?
    ) -> Outcome {
        guard end.timeMs > start.timeMs else { return .gap(.clockStepBack) }
        let quality = start.quality.weaker(end.quality)
        if let before = start.counterJ, let after = end.counterJ, after >= before {
            // A counter that jumps further than the device could draw in the time (a glitching sensor, a counter
            // rewritten by the driver) bills nothing: the span is a gap, and the register goes on from the new value.
            let seconds = Double(end.timeMs - start.timeMs) / 1000
            if let most = PlausibleRanges.range(.powerW, for: end.kind)?.upper, (after - before) / seconds > most {
                return .gap(.counterJump)
            }
            return .step(
                EnergyStep(
                    startMs: start.timeMs, endMs: end.timeMs, energyJ: after - before, quality: quality,
                    tenant: tenant, fromCounter: true))
        }
        if let p1 = start.powerW, let p2 = end.powerW {
            let seconds = Double(end.timeMs - start.timeMs) / 1000
            return .step(
                EnergyStep(
                    startMs: start.timeMs, endMs: end.timeMs, energyJ: (p1 + p2) / 2 * seconds, quality: quality,
                    tenant: tenant, fromCounter: false))
        }
        return .gap(.unmeasured)
    }

    /// The step's average power in watts.
    var averageW: Double { energyJ / (Double(endMs - startMs) / 1000) }

    /// The step cut at 15-minute UTC boundaries, its energy split in proportion to the time in each interval. The
    /// parts' energies add up to the step's exactly (the last part takes the remainder).
    var parts: [IntervalShare] {
        let width = IntervalGrid.widthMs
        var shares: [IntervalShare] = []
        var assigned = 0.0
        var bucket = IntervalGrid.start(of: startMs)
        let duration = Double(endMs - startMs)
        while bucket < endMs {
            let from = max(startMs, bucket)
            let to = min(endMs, bucket + width)
            let isLast = to == endMs
            let energy = isLast ? energyJ - assigned : energyJ * Double(to - from) / duration
            assigned += energy
            shares.append(IntervalShare(startMs: bucket, energyJ: max(0, energy), observedMs: to - from))
            bucket += width
        }
        return shares
    }
}

/// The part of a step that falls in one 15-minute interval.
struct IntervalShare: Equatable {
    var startMs: Int64
    var energyJ: Double
    var observedMs: Int64
}
