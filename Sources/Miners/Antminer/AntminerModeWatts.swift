/// What each stock Antminer mode draws, for allocation: the web configuration states no watts at all, so these are
/// estimates and say so.
///
/// Normal: the model's nameplate wall power (the figures `NameplateEfficiency` documents: S19 3250 W, S19 Pro 3250 W,
/// S19j Pro 2950 W, T19 3150 W, S19 XP 3010 W, S21 3500 W), else the reading's `power_w` (itself the nameplate
/// efficiency times the hashrate on stock firmware), else unknown. Low-power: `lowPowerShare` of normal — an
/// ASSUMPTION: neither the corpus, ASIC-APIS.md nor pyasic states what Bitmain's low-power mode draws; replace it with
/// a measurement when one exists.
public enum AntminerModeWatts {
    /// ASSUMPTION (no source): low-power mode draws this share of normal.
    public static let lowPowerShare = 0.75

    /// Nameplate wall power by model, lower-cased as the families report `model`.
    static let nameplateWatts: [String: Double] = [
        "antminer s19": 3250,
        "antminer s19 pro": 3250,
        "antminer s19j pro": 2950,
        "antminer t19": 3150,
        "antminer s19 xp": 3010,
        "antminer s21": 3500,
    ]

    /// Normal mode's watts for `model`, else `readingW`; nil when neither is known.
    public static func normal(model: String?, readingW: Double?) -> Double? {
        if let model, let watts = nameplateWatts[model.lowercased()] { return watts }
        guard let readingW, readingW > 0 else { return nil }
        return readingW
    }
}
