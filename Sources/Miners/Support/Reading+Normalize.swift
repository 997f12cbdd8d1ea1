import FleetCore

extension Reading {
    /// Sets the per-board temperature arrays, the inlet and the hottest sensor. Absent-sensor sentinels are dropped
    /// (see `Celsius.reported`); an empty list becomes nil. Values out of any real range are kept for the
    /// plausibility screen, which drops and names them. `others` are sensors that only count toward `temp_max_c`.
    mutating func setTemperatures(boards: [Double?], chips: [Double?], inlet: Double? = nil, others: [Double?] = []) {
        let boardValues = boards.compactMap(Celsius.reported)
        let chipValues = chips.compactMap(Celsius.reported)
        tempBoardC = boardValues.isEmpty ? nil : boardValues
        tempChipC = chipValues.isEmpty ? nil : chipValues
        tempInletC = Celsius.reported(inlet)
        let otherValues = others.compactMap(Celsius.reported)
        // The hottest real sensor; an implausible one among the arrays is named by the screen, one among `others`
        // (which appear nowhere else) is named here.
        for value in otherValues where !Celsius.isPlausible(value) {
            if let range = PlausibleRanges.range(.tempMaxC, for: kind), let rejection = Self.rejection(value, in: range)
            {
                reject(rejection)
            }
        }
        tempMaxC = (boardValues + chipValues + otherValues).filter(Celsius.isPlausible).max()
    }

    /// Sets `fans_rpm` from per-slot speeds, dropping absent, NaN and stopped (zero) slots; nil when none is left.
    /// Negative and infinite speeds are kept for the plausibility screen to name.
    mutating func setFans(_ speeds: [Double?]) {
        let rpm = speeds.compactMap { $0 }.filter { !$0.isNaN && $0 != 0 }
        fansRPM = rpm.isEmpty ? nil : rpm
    }

    /// The firmware's own power figure (quality `reported`); zero and NaN count as not reported. Negative and
    /// infinite figures are kept for the plausibility screen to name.
    mutating func setReportedPower(_ watts: Double?) {
        guard let watts, !watts.isNaN, watts != 0 else { return }
        powerW = watts
        powerQuality = .reported
        powerSource = nil
    }

    /// A limit the firmware reports as in force; zero and NaN count as none (negative is named by the screen).
    mutating func setPowerLimit(_ watts: Double?) {
        guard let watts, !watts.isNaN, watts != 0 else { return }
        powerLimitW = watts
    }

    /// Fills `power_w` from the nameplate table when the firmware reported none and the miner is hashing.
    mutating func estimatePowerIfUnreported() {
        guard powerW == nil, status != .sleeping,
            let watts = NameplateEfficiency.watts(model: model, hashrateHs: hashrateHs)
        else { return }
        powerW = watts
        powerQuality = .estimated
        powerSource = NameplateEfficiency.source
    }

    /// Marks the reading `error` with `problem` (kept for a person), unless it is already sleeping.
    mutating func fail(_ problem: String) {
        guard status != .sleeping else { return }
        status = .error
        error = error.map { "\($0); \(problem)" } ?? problem
    }

    /// `fail` for a reply the family needs but could not use: why `command` has no usable reply, else `otherwise`
    /// (it answered, without the section or entry), then `detail`: "summary: <why>" or "stats: no device entry".
    mutating func fail(missing command: String, in replies: MinerReplies, otherwise: String, detail: String = "") {
        fail("\(command): " + (replies.problem(command) ?? otherwise) + detail)
    }

    /// Marks the miner as sleeping (deliberately not hashing); a sleeping miner carries no error.
    mutating func markSleeping() {
        status = .sleeping
        error = nil
    }
}
