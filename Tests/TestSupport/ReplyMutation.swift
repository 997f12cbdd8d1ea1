/// Seeded random edits of recorded replies, for the property tests.
public enum ReplyMutation {
    /// `bytes` with a few random edits (`edits` of them): a byte replaced by one of `replacements`, a byte removed,
    /// one of `replacements` inserted, and when `truncating`, everything from a byte on cut off.
    public static func mutate(
        _ bytes: [UInt8], edits: ClosedRange<Int>, replacements: [UInt8], truncating: Bool,
        using rng: inout SplitMix64
    ) -> [UInt8] {
        var input = bytes
        for _ in 0..<Int.random(in: edits, using: &rng) {
            let at = Int.random(in: 0..<input.count, using: &rng)
            switch Int.random(in: 0..<(truncating ? 4 : 3), using: &rng) {
            case 0: input[at] = replacements.randomElement(using: &rng)!
            case 1: input.remove(at: at)
            case 2: input.insert(replacements.randomElement(using: &rng)!, at: at)
            default: input.removeSubrange(at...)
            }
            if input.isEmpty { break }
        }
        return input
    }
}
