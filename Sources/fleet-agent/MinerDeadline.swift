import ArgumentParser

/// The `--timeout S` of the commands that talk to miners: the deadline of each request.
enum MinerDeadline {
    /// `seconds` as a deadline, or the error `validate()` reports (not positive, over 600 s, NaN or infinite).
    static func duration(seconds: Double) throws(ValidationError) -> Duration {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        return .milliseconds(Int64(seconds * 1000))
    }
}
