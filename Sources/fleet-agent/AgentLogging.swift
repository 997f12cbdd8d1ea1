import Foundation
import Logging

/// Log set-up for every command: to standard error, at the level of `FLEET_AGENT_LOG_LEVEL` (default `warning`).
enum AgentLogging {
    private static let bootstrapped: Void = {
        let text = ProcessInfo.processInfo.environment["FLEET_AGENT_LOG_LEVEL"] ?? "warning"
        let level = Logger.Level(rawValue: text.lowercased()) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    /// Installs the handler once; later calls do nothing.
    static func bootstrap() {
        _ = bootstrapped
    }
}
