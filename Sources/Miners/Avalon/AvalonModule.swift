/// One Avalon mining module (`MM ID<n>` string of `estats`/`stats`), parsed with `BracketFields`.
struct AvalonModule: Sendable {
    let fields: BracketFields

    init(_ text: String) { fields = BracketFields(text) }

    /// Firmware of the module, `Ver[1047-20051101_85dc6f0_0332654]`.
    var version: String? { fields["Ver"] }

    /// Model number from `Ver`: the part before the first `-` (`1047`), or the first three digits of the 7-digit
    /// Avalon 8/9 form (`8411803` -> `841`).
    var modelNumber: String? {
        guard let version, let head = version.split(separator: "-").first, !head.isEmpty else { return nil }
        if head.count == 7, head.allSatisfy(\.isNumber) { return String(head.prefix(3)) }
        return String(head)
    }

    /// Current speed `GHSspd` (GH/s), average `GHSavg`.
    var speedGHs: Double? { fields.number("GHSspd") }
    var averageGHs: Double? { fields.number("GHSavg") }

    /// Wall power: `WALLPOWER`, else the last `PS` value (`PS[0 1209 1187 297 3526 1188 3731]`), when positive.
    var wallWatts: Double? {
        if let w = fields.number("WALLPOWER"), w > 0 { return w }
        if let w = fields.numbers("PS").last, w > 0 { return w }
        return nil
    }

    /// `MPO`, the power cap pyasic reads as the wattage limit.
    var powerLimitWatts: Double? { fields.number("MPO") }

    /// Inlet (`Temp`), hottest chip (`TMax`), hottest chip per hashboard (`MTmax`, A12+).
    var inlet: Double? { fields.number("Temp") }
    var hottest: Double? { fields.number("TMax") }
    var boardMaxima: [Double] { fields.numbers("MTmax") }

    /// `Fan1`, `Fan2`, ... (A10+) or the single `Fan` (Avalon 8); `FanR` is a percentage and is not a speed.
    var fans: [Double?] {
        var speeds: [Double?] = [fields.number("Fan")]
        var n = 1
        while let speed = fields.number("Fan\(n)") {
            speeds.append(speed)
            n += 1
        }
        return speeds
    }

    /// `SoftOFF[1]`: soft-switched off (`ascset softoff`).
    var isSoftOff: Bool { (fields.number("SoftOFF") ?? 0) != 0 }

    /// Chip id `DNA[02010000cb231da8]`.
    var dna: String? { fields["DNA"] }
}
