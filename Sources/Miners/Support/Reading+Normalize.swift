import FleetCore

extension Reading {
    /// Sets the per-board temperature arrays, the inlet and the hottest sensor. Only real values are kept (see
    /// `Celsius.valid`); an empty list becomes nil. `others` are sensors that only count toward `temp_max_c`.
    mutating func setTemperatures(boards: [Double?], chips: [Double?], inlet: Double? = nil, others: [Double?] = []) {
        let boardValues = boards.compactMap(Celsius.valid)
        let chipValues = chips.compactMap(Celsius.valid)
        tempBoardC = boardValues.isEmpty ? nil : boardValues
        tempChipC = chipValues.isEmpty ? nil : chipValues
        tempInletC = Celsius.valid(inlet)
        tempMaxC = (boardValues + chipValues + others.compactMap(Celsius.valid)).max()
    }

    /// Sets `fans_rpm` from per-slot speeds, dropping absent and stopped (zero) slots; nil when none is left.
    mutating func setFans(_ speeds: [Double?]) {
        let rpm = speeds.compactMap { $0 }.filter { $0.isFinite && $0 > 0 }
        fansRPM = rpm.isEmpty ? nil : rpm
    }

    /// The firmware's own power figure (quality `reported`); zero or negative counts as not reported.
    mutating func setReportedPower(_ watts: Double?) {
        guard let watts, watts.isFinite, watts > 0 else { return }
        powerW = watts
        powerQuality = .reported
        powerSource = nil
    }

    /// A limit the firmware reports as in force; zero or negative counts as none.
    mutating func setPowerLimit(_ watts: Double?) {
        guard let watts, watts.isFinite, watts > 0 else { return }
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
