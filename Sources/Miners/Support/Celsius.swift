import FleetCore

/// Temperature sanity rules shared by every family.
///
/// Firmware marks an absent sensor with `0`, `-273` (Avalon), `"0-0-0-0"` strings (Bitmain) or `nan`: those are
/// "not reported" and silently nil. A broken sensor can also print nonsense such as `-83` (recorded on an S9): that
/// is outside the plausible range of `PlausibleRanges` and is dropped and named by the plausibility screen.
enum Celsius {
    private static let range = PlausibleRanges.range(.tempMaxC, for: .asic)!

    /// The value unless it is an absent-sensor sentinel (`0`, `-273` and below, NaN).
    static func reported(_ value: Double?) -> Double? {
        guard let value, !value.isNaN, value != 0, value > -273 else { return nil }
        return value
    }

    /// True when `value` is a temperature a real sensor can read.
    static func isPlausible(_ value: Double) -> Bool { value.isFinite && range.contains(value) }

    /// The value when it is a real, plausible temperature, else nil.
    static func valid(_ value: Double?) -> Double? {
        guard let value = reported(value), isPlausible(value) else { return nil }
        return value
    }

    /// The real temperatures of a Bitmain dash-joined sensor string: `"55-66-78-91"`, `"25-61"`,
    /// `"2--1-20-22"` (a `-` after a separator is a minus sign), `"0-0-0-0"` and `"-"` (no values).
    static func dashSeparated(_ text: String) -> [Double] {
        var values: [Double] = []
        var number = ""
        var expectingValue = true
        for ch in text {
            if ch == "-" {
                if expectingValue && number.isEmpty {
                    number = "-"
                } else {
                    if let v = Double(number) { values.append(v) }
                    number = ""
                    expectingValue = true
                }
            } else if ch.isNumber || ch == "." {
                number.append(ch)
                expectingValue = false
            } else if ch != " " {
                return []  // not a dash-joined list
            }
        }
        if let v = Double(number) { values.append(v) }
        return values.compactMap(valid)
    }
}
