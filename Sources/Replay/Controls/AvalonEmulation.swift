import CGMinerJSON

/// Canaan Avalon controls as a fixture obeys them (SYNTHETIC): `ascset` `0,softoff,1:<time>` / `0,softon,1:<time>`
/// (applied at once, whatever the time) and `0,worklevel,set,<0|1|2>`, answered "ASC 0 set OK". The `MM ID`
/// strings of `estats`/`stats` then say `SoftOFF[1]` while off and `WORKLEVEL[<n>]` once set; hashrates
/// (`GHSspd`, `GHSmm`, `GHSavg`, `MGHS`, `MHS *`) and wall power (`WALLPOWER`, `PS`'s last value) scale by the level's
/// share (`level_shares`) relative to the recorded level's, and drop to zero and `idle_w` while off.
struct AvalonEmulation: FixtureEmulation {
    let controls: FixtureControls

    /// The name the control gives work level `n`.
    static func stepName(_ level: Int) -> String { "level \(level)" }

    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]? {
        let description = miner.statusDescription
        if request.command == "ascset" {
            let fields = (request.parameter ?? "").split(separator: ",").map(String.init)
            let shares = controls.levelShares ?? [0.8, 0.9, 1]
            switch (fields.count > 1 ? fields[1] : "", fields.count > 3 ? Int(fields[3]) : nil) {
            case ("softoff", _), ("softon", _):
                let off = fields[1] == "softoff"
                power.update { state in
                    if state.asleep != off { state.writes += 1 }
                    state.asleep = off
                }
            case ("worklevel", .some(let level)) where fields[2] == "set" && shares.indices.contains(level):
                power.update { state in
                    if state.step != Self.stepName(level) { state.writes += 1 }
                    state.step = Self.stepName(level)
                }
            default:
                return SyntheticReply.refusal(
                    code: 120, "SYNTHETIC: ascset parameter not emulated", description: description, when: now)
            }
            return SyntheticReply.cgminer("I", code: 119, message: "ASC 0 set OK", description: description, when: now)
        }
        let state = power.snapshot
        guard !state.isInitial, ReplyJSON.reports.contains(request.command),
            let recorded = miner.replies[request.command]
        else { return nil }
        return rewrite(recorded, state: state)
    }

    private func rewrite(_ recorded: [UInt8], state: FixturePowerState.Snapshot) -> [UInt8]? {
        let shares = controls.levelShares ?? [0.8, 0.9, 1]
        let recordedLevel = controls.recordedLevel ?? 1
        let level = state.step.flatMap { step in shares.indices.first { Self.stepName($0) == step } } ?? recordedLevel
        let fraction = state.asleep ? 0 : shares[level] / shares[min(recordedLevel, shares.count - 1)]
        let idle = controls.idleW ?? 0
        return ReplyJSON.rewrite(recorded, hashFraction: fraction) { key, member in
            guard key.hasPrefix("MM ID"), let text = member.stringValue else { return nil }
            var fields = AvalonBracketText(text)
            for key in ["GHSspd", "GHSmm", "GHSavg", "MGHS"] { fields.scale(key, by: fraction) }
            if state.asleep {
                fields.set("WALLPOWER", ReplyJSON.number(idle))
                fields.setLast("PS", ReplyJSON.number(idle))
            } else {
                fields.scale("WALLPOWER", by: fraction)
                fields.scaleLast("PS", by: fraction)
            }
            fields.set("SoftOFF", state.asleep ? "1" : "0")
            if state.step != nil { fields.set("WORKLEVEL", String(level)) }
            return .string(fields.text)
        }
    }
}

/// An Avalon `MM ID` string (`Ver[..] GHSspd[199241.07] PS[0 1209 ...] SoftOFF[0]`) with fields rewritten in place.
struct AvalonBracketText {
    private(set) var text: String

    init(_ text: String) { self.text = text }

    /// The range of the value of `key` (between its brackets), where `key[` starts the text or follows a space.
    private func valueRange(_ key: String) -> Range<String.Index>? {
        var search = text.startIndex..<text.endIndex
        while let found = text.range(of: key + "[", range: search) {
            if found.lowerBound == text.startIndex || text[text.index(before: found.lowerBound)] == " ",
                let close = text[found.upperBound...].firstIndex(of: "]")
            {
                return found.upperBound..<close
            }
            search = found.upperBound..<text.endIndex
        }
        return nil
    }

    /// Sets `key`'s value, appending ` key[value]` when the string has none.
    mutating func set(_ key: String, _ value: String) {
        if let range = valueRange(key) { text.replaceSubrange(range, with: value) } else { text += " \(key)[\(value)]" }
    }

    /// Multiplies every number of `key`'s value by `factor`.
    mutating func scale(_ key: String, by factor: Double) {
        guard let range = valueRange(key) else { return }
        let values = text[range].split(separator: " ").map {
            Double($0).map { ReplyJSON.number($0 * factor) } ?? String($0)
        }
        text.replaceSubrange(range, with: values.joined(separator: " "))
    }

    mutating func scaleLast(_ key: String, by factor: Double) {
        guard let range = valueRange(key), let last = text[range].split(separator: " ").last, let n = Double(last)
        else {
            return
        }
        setLast(key, ReplyJSON.number(n * factor))
    }

    mutating func setLast(_ key: String, _ value: String) {
        guard let range = valueRange(key) else { return }
        var values = text[range].split(separator: " ").map(String.init)
        guard !values.isEmpty else { return }
        values[values.count - 1] = value
        text.replaceSubrange(range, with: values.joined(separator: " "))
    }
}
