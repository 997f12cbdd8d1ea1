import Foundation

/// Numbers as text for a person, total over every `Double` (never traps: huge, tiny, infinite and NaN included).
public enum NumberText {
    /// `1500`, `0.25`, `1e+30`, `inf`, `-inf`, `nan`: integers without a fraction, others in their shortest form.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(format: "%.0f", value) }
        return "\(value)"
    }

    /// `value` rounded to `decimals` places (`%.Nf`), or `inf`/`nan`; never traps.
    public static func fixed(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return plain(value) }
        if abs(value) >= 1e15 { return plain(value) }
        return String(format: "%.\(decimals)f", value)
    }
}
