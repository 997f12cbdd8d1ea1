import ArgumentParser

/// An option given in seconds (`--timeout`, `--interval`), checked against its allowed range before it becomes a
/// `Duration`, so that `inf` and `nan` never reach the conversion (which traps) and the message says what to write.
enum SecondsOption {
    /// `seconds` as a whole number of milliseconds, or the `ValidationError` naming `option` and `range` when it is
    /// outside `range` (NaN is outside every range). With `range` starting at 0.001 or above, no accepted value
    /// rounds to less than 1 ms.
    static func duration(
        _ seconds: Double, option: String, range: ClosedRange<Double>
    ) throws(ValidationError) -> Duration {
        guard range.contains(seconds) else {
            throw ValidationError(
                "\(option) must be from \(text(range.lowerBound)) to \(text(range.upperBound)) seconds, got \(seconds)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// `600` for 600.0, `0.001` for 0.001.
    private static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
    }
}
