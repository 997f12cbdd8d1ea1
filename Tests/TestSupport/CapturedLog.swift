import Foundation
import Logging

/// A log handler that keeps what it is given, for tests that check what is logged (and what never is).
public final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var events: [(level: Logger.Level, message: String, metadata: String)] = []
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init() {}

    /// A logger that writes here.
    public var logger: Logger { Logger(label: "test", factory: { _ in self }) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let meta = (event.metadata ?? [:]).map { "\($0)=\($1)" }.sorted().joined(separator: " ")
        lock.withLock { events.append((event.level, "\(event.message)", meta)) }
    }

    /// Each event as `level message key=value…`.
    public var all: [String] { lock.withLock { events.map { "\($0.level) \($0.message) \($0.metadata)" } } }

    /// Each event as `level message`, without metadata.
    public var messages: [String] { lock.withLock { events.map { "\($0.level) \($0.message)" } } }
}
