/// Why `CGMinerJSON.parse` could not read a reply. Positions and counts are in bytes of the input.
public enum CGMinerJSONError: Error, Sendable, Equatable {
    /// Nothing but whitespace and NULs (or no bytes at all).
    case empty
    /// The input ends, after `byteCount` bytes, before its value is complete; `tail` shows its last bytes.
    case truncated(byteCount: Int, tail: String)
    /// The input is not JSON even after the repair pass: what was wrong at `position`, and the bytes around it.
    /// When the repair pass rewrote the input, a failure of the second parse says so and counts in the rewritten text.
    case malformed(position: Int, reason: String, excerpt: String)
}
