import Foundation
import TestSupport

/// `fleet-agent run --config FILE` in the background, its standard error kept in `agent.log` beside the config: the
/// tests read from it the port the API bound (`listen: 127.0.0.1:0`, logged at notice level) and what went wrong.
struct RunningAgent {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process: Process
    let logFile: URL

    static func start(config: URL, logLevel: String = "notice", arguments: [String] = []) throws -> RunningAgent {
        let logFile = config.deletingLastPathComponent().appendingPathComponent("agent.log")
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(logFile.path)")
        }
        let process = Process()
        process.executableURL = AgentBinary.productsDirectory.appendingPathComponent("fleet-agent")
        process.arguments = ["run", "--config", config.path] + arguments
        process.currentDirectoryURL = PackagePaths.root
        process.environment = ProcessInfo.processInfo.environment.merging(["FLEET_AGENT_LOG_LEVEL": logLevel]) {
            _, new in new
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        return RunningAgent(process: process, logFile: logFile)
    }

    /// What the agent has logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The API's port, from the line the agent logs once it listens; waits up to `limit`.
    func apiPort(within limit: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline && process.isRunning {
            if let match = log.firstMatch(of: #/API listening on \S+ \(port (\d+)\)/#), let port = Int(match.1) {
                return port
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(
            description: "the agent logged no API port within \(limit) (running: \(process.isRunning)):\n\(log)")
    }

    /// SIGTERM (the cycle in progress finishes, the ledger is closed), then waits up to `limit` for the exit by
    /// polling, never blocking a thread. True when it exited 0.
    func stop(within limit: Duration = .seconds(30)) async throws -> Bool {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning && process.terminationReason == .exit && process.terminationStatus == 0
    }

    /// SIGKILL if it still runs: for a `defer`, which cannot wait.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
