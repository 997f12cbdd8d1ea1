/// A window of the plan's schedule: from `start` (included) to `end` (excluded) the host's budget is `budgetW`
/// instead of the plan's `budget_w`.
public struct BudgetWindow: Sendable, Equatable {
    public var start: Timestamp
    public var end: Timestamp
    public var budgetW: Double

    public init(start: Timestamp, end: Timestamp, budgetW: Double) {
        self.start = start
        self.end = end
        self.budgetW = budgetW
    }

    /// Whether `time` falls in the window.
    public func contains(_ time: Timestamp) -> Bool { start <= time && time < end }

    /// Whether the two windows share any instant.
    public func overlaps(_ other: BudgetWindow) -> Bool { start < other.end && other.start < end }
}
