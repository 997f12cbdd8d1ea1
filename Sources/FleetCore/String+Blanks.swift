extension StringProtocol {
    /// The text without the spaces and tabs around it (an operator's address list, a miner's numeric text).
    public func trimmingBlanks() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[start..<end]
    }
}
