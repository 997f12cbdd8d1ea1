/// Why a cgminer request failed. Every case names what happened, for a person reading a reading's `error`.
public enum CGMinerError: Error, Sendable, Equatable {
    /// Placeholder while the client is being written.
    case notImplemented
}
