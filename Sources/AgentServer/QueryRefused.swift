/// A query the store refuses for its parameters (not a fault of the store): answered 400 with `reason`.
public struct QueryRefused: Error, Sendable {
    public let reason: String

    public init(reason: String) { self.reason = reason }
}
