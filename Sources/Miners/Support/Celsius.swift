/// Temperature sanity rules shared by every family.
///
/// Firmware marks an absent sensor with `0`, `-273` (Avalon), `"0-0-0-0"` strings (Bitmain) or `nan`; a broken sensor
/// can also print nonsense such as `-83` (recorded on an S9). Anything that is not a plausible hashboard reading is
/// unknown (`nil`), never a number.
enum Celsius {
    /// Lowest reading taken as real; below it the sensor is absent or broken.
    static let lowest = -40.0
    /// Highest reading taken as real.
    static let highest = 150.0

    /// The value when it is a real temperature, else nil (`0`, `-273`, non-finite, out of range).
    static func valid(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value != 0, value > lowest, value <= highest else { return nil }
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
