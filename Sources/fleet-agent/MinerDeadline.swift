import ArgumentParser

/// The `--timeout S` of the commands that talk to miners: the deadline of each request.
enum MinerDeadline {
    /// From 1 ms (less would fail every miner before it could answer, and rounds to a zero deadline) to 10 minutes.
    static let range: ClosedRange<Double> = 0.001...600

    /// `seconds` as a deadline, or the error `validate()` reports (outside `range`, NaN or infinite).
    static func duration(seconds: Double) throws(ValidationError) -> Duration {
        try SecondsOption.duration(seconds, option: "--timeout", range: range)
    }
}
