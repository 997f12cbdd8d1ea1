import CGMinerJSON

/// One VNish overclock preset as `GET /api/v1/autotune/presets` lists it:
/// `{"name": "3370", "pretty": "3370 watt ~ 100 TH", "status": "tuned", "modded_psu_required": false}`
/// (shape from pyasic `config/mining/presets.py` `MiningPreset.from_vnish`, which reads power and hashrate out of
/// `pretty` and `tuned` from `status == "tuned"`; the reply is a list or `{"presets": [...]}`, pyasic
/// `miners/backends/vnish.py` `get_config`).
public struct VNishPreset: Sendable, Equatable {
    /// The name `miner.overclock.preset` takes (a watt figure as text, e.g. `"3370"`).
    public var name: String
    /// Watts: from `pretty` (`"3370 watt ~ ..."`), else the name when it is a number.
    public var watts: Double?
    /// Hashrate as `pretty` states it, in its own unit (TH on SHA-256 models); nil when it states none.
    public var hashrate: Double?
    /// Whether the autotuner has tuned it: only tuned presets are applied by the firmware (pyasic PR #245).
    public var tuned: Bool

    public init(name: String, watts: Double?, hashrate: Double? = nil, tuned: Bool) {
        self.name = name
        self.watts = watts
        self.hashrate = hashrate
        self.tuned = tuned
    }

    /// The step name the control reports for this preset.
    public var stepName: String { "preset \(name)" }

    /// The preset name in a step name (`preset 3370` -> `3370`); nil for another kind of name.
    public static func name(ofStep step: String) -> String? {
        guard step.hasPrefix("preset ") else { return nil }
        return String(step.dropFirst("preset ".count))
    }

    /// One listed preset; nil without a name.
    public init?(_ value: JSONValue) {
        guard let name = value["name"]?.stringValue ?? value["name"]?.doubleValue.map({ String(Int($0)) }) else {
            return nil
        }
        self.name = name
        let halves = (value["pretty"]?.stringValue ?? "").split(separator: "~", maxSplits: 1)
        self.watts = halves.count == 2 ? Self.leadingNumber(halves[0]) : nil
        self.hashrate = halves.count == 2 ? Self.leadingNumber(halves[1]) : nil
        if watts == nil { watts = Double(name) }
        self.tuned = value["status"]?.stringValue == "tuned"
    }

    /// The presets of an `autotune/presets` reply (a list, or an object with `presets`).
    public static func list(_ reply: JSONValue) -> [VNishPreset] {
        (reply.arrayValue ?? reply["presets"]?.arrayValue ?? []).compactMap(VNishPreset.init)
    }

    private static func leadingNumber(_ text: Substring) -> Double? {
        let trimmed = text.drop { $0 == " " }
        return Double(String(trimmed.prefix { $0.isNumber || $0 == "." }))
    }
}
