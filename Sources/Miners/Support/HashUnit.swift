/// A hashrate unit as miners print it, with its size in hashes per second.
///
/// Firmware reports hashrate in a unit encoded in the key name (`MHS 5s`, `GHS av`) or next to it (`rate_unit`);
/// every reading stores hashes per second, so each family says which unit its keys carry.
enum HashUnit: Double, Sendable {
    case hashes = 1
    case kilo = 1e3
    case mega = 1e6
    case giga = 1e9
    case tera = 1e12
    case peta = 1e15

    /// Parses `rate_unit` values such as `GH`, `GH/s`, `TH/s`, `mh`. Unknown text gives nil.
    init?(rateUnit text: String) {
        var t = Substring(text.uppercased())
        while t.last == " " { t.removeLast() }
        if t.hasSuffix("/S") { t = t.dropLast(2) }
        if t.hasSuffix("S") && t.count == 3 { t = t.dropLast() }  // "GHS"
        switch t {
        case "H": self = .hashes
        case "KH": self = .kilo
        case "MH": self = .mega
        case "GH": self = .giga
        case "TH": self = .tera
        case "PH": self = .peta
        default: return nil
        }
    }

    /// `value` in this unit, as hashes per second. Negative and infinite values pass through for the plausibility
    /// screen to name (`Reading.screenImplausibleValues`); NaN is "not reported".
    func hashesPerSecond(_ value: Double?) -> Double? {
        guard let value, !value.isNaN else { return nil }
        return value * rawValue
    }
}
