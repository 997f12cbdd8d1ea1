/// The 15-minute UTC grid that billing settles on: intervals [start, start + 15 min) aligned to the Unix epoch, so
/// to whole quarter hours of UTC.
enum IntervalGrid {
    static let widthMs: Int64 = 15 * 60 * 1000

    /// The start of the interval that holds `ms`.
    static func start(of ms: Int64) -> Int64 {
        let remainder = ms % widthMs
        return remainder >= 0 ? ms - remainder : ms - remainder - widthMs
    }

    /// `duration` in whole milliseconds (sub-millisecond parts dropped).
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
