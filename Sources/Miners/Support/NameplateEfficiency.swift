/// Nominal efficiency (J/TH) of miner models that do not report their own power, from the manufacturers' published
/// nameplate specifications (stock settings, power at the wall): watts = J/TH x current TH/s.
///
/// This is the one place the table lives. A model that is missing gets no estimate (`power_w` null), never a guess.
/// Figures (hashrate, wall power -> J/TH):
/// - Bitmain Antminer S9: 13.5 TH/s, 1323 W -> 98
/// - Antminer S17: 56 TH/s, 2520 W -> 45; S17 Pro: 53 TH/s, 2094 W -> 39.5; S17+: 73 TH/s, 2920 W -> 40
/// - Antminer T17: 40 TH/s, 2200 W -> 55; T17+: 64 TH/s, 3200 W -> 50
/// - Antminer S19: 95 TH/s, 3250 W -> 34.5 (as Bitmain states it); S19 Pro: 110 TH/s, 3250 W -> 29.5;
///   S19j Pro: 100 TH/s, 2950 W -> 29.5; T19: 84 TH/s, 3150 W -> 37.5; S19 XP: 140 TH/s, 3010 W -> 21.5
/// - Antminer S21: 200 TH/s, 3500 W -> 17.5
/// - Canaan AvalonMiner 1047: 37 TH/s, 2380 W -> 64 (the 1047 cannot read its PSU: `POW_I2C[FAILED]`)
enum NameplateEfficiency {
    /// What an estimated reading names as its `power_source`.
    static let source = "manufacturer nameplate efficiency (J/TH)"

    /// J/TH by model name, lower-cased exactly as the families report `model`.
    static let joulesPerTerahash: [String: Double] = [
        "antminer s9": 98,
        "antminer s17": 45,
        "antminer s17 pro": 39.5,
        "antminer s17+": 40,
        "antminer t17": 55,
        "antminer t17+": 50,
        "antminer s19": 34.5,
        "antminer s19 pro": 29.5,
        "antminer s19j pro": 29.5,
        "antminer t19": 37.5,
        "antminer s19 xp": 21.5,
        "antminer s21": 17.5,
        "avalonminer 1047": 64,
    ]

    /// Estimated watts for `model` hashing at `hashrateHs`; nil for an unknown model or when nothing is hashing
    /// (the table says nothing about an idle or sleeping machine's draw).
    static func watts(model: String?, hashrateHs: Double?) -> Double? {
        guard let model, let hashrateHs, hashrateHs > 0,
            let efficiency = joulesPerTerahash[model.lowercased()]
        else { return nil }
        return efficiency * hashrateHs / 1e12
    }
}
