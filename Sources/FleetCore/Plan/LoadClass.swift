/// How the plan treats a device's load when the budget is short.
public enum LoadClass: String, Sendable, Equatable, CaseIterable {
    /// Kept whole (the AI load): served first, lowered only when the budget cannot carry every firm device, and
    /// never below its floor.
    case firm
    /// Absorbs the rest (the miners): served by priority from what firm load leaves, down to sleep.
    case flexible
}
