extension Reading {
    /// The fields a reading exists for: when the device sent some of them and every one was rejected, nothing in the
    /// reading can be trusted and it becomes an `error`.
    public static func principalFields(for kind: DeviceKind) -> [ReadingField] {
        switch kind {
        case .asic: return [.powerW, .hashrateHs]
        case .gpu: return [.powerW, .tempMaxC, .gpuUtilPct]
        }
    }

    /// Sets every screened value outside its `PlausibleRanges` entry (or not finite, or negative) to nil and names it
    /// in `rejected`. `gpuMaxPowerW`, the GPU's own maximum power limit where known, narrows a GPU's power range to 1.5
    /// times it. Memory used above memory total is rejected too. A power figure that is dropped takes its quality
    /// and source with it. When every principal value present was rejected, the reading becomes `error`.
    public mutating func screenImplausibleValues(gpuMaxPowerW: Double? = nil) {
        let principal = Self.principalFields(for: kind)
        let present = Set(principal.filter { hasValue($0) })
        for (field, path) in ReadingField.scalars {
            guard let value = self[keyPath: path], let range = range(field, gpuMaxPowerW: gpuMaxPowerW) else {
                continue
            }
            if let rejection = Self.rejection(value, in: range) {
                self[keyPath: path] = nil
                reject(rejection)
            }
        }
        for (field, path) in ReadingField.lists {
            guard let values = self[keyPath: path], let range = range(field, gpuMaxPowerW: gpuMaxPowerW) else {
                continue
            }
            var kept: [Double] = []
            for value in values {
                if let rejection = Self.rejection(value, in: range) { reject(rejection) } else { kept.append(value) }
            }
            self[keyPath: path] = kept.isEmpty ? nil : kept
        }
        if let used = memUsedBytes, let total = memTotalBytes, used > total {
            memUsedBytes = nil
            reject(
                RejectedValue(
                    field: ReadingField.memUsedBytes.rawValue, value: NumberText.plain(used),
                    reason: "above mem_total_bytes (\(NumberText.plain(total)))"))
        }
        if powerW == nil {
            powerQuality = nil
            powerSource = nil
        }
        let lost = present.filter { !hasValue($0) }
        if !present.isEmpty, lost == present {
            status = .error
            let names = (rejected ?? []).map(\.description).joined(separator: "; ")
            error = (error.map { $0 + "; " } ?? "") + "every principal value is implausible (\(names))"
        }
    }

    /// Adds `rejection` to `rejected`.
    public mutating func reject(_ rejection: RejectedValue) {
        rejected = (rejected ?? []) + [rejection]
    }

    /// The reason `value` is not plausible in `range`, or nil when it is.
    public static func rejection(_ value: Double, in range: PlausibleRange) -> RejectedValue? {
        let reason: String
        if !value.isFinite {
            reason = "not finite"
        } else if value < 0, range.lower >= 0 {
            reason = "negative"
        } else if !range.contains(value) {
            reason = "outside the plausible range"
        } else {
            return nil
        }
        return RejectedValue(
            field: range.field.rawValue, value: NumberText.plain(value), reason: reason, lower: range.lower,
            upper: range.upper, unit: range.unit)
    }

    private func range(_ field: ReadingField, gpuMaxPowerW: Double?) -> PlausibleRange? {
        guard let range = PlausibleRanges.range(field, for: kind) else { return nil }
        guard kind == .gpu, field == .powerW || field == .powerLimitW, let maximum = gpuMaxPowerW,
            maximum.isFinite, maximum > 0, maximum * 1.5 < range.upper
        else { return range }
        return PlausibleRange(
            field: field, kind: kind, lower: range.lower, upper: maximum * 1.5, unit: range.unit,
            source: "1.5 times this GPU's maximum power limit (\(NumberText.plain(maximum)) W)")
    }

    private func hasValue(_ field: ReadingField) -> Bool {
        if let path = ReadingField.scalars.first(where: { $0.0 == field })?.1 { return self[keyPath: path] != nil }
        if let path = ReadingField.lists.first(where: { $0.0 == field })?.1 { return self[keyPath: path] != nil }
        return false
    }
}
