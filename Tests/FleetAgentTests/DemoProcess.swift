import Foundation
import TestSupport

/// `fleet-agent demo` running as the built binary, with a temporary directory of its own (TMPDIR) and its standard
/// error in a file there, for the tests to read what it prints and what it leaves behind.
struct DemoProcess {
    let temporary: URL
    let process: Process

    /// Starts `fleet-agent demo` with `arguments`.
    static func start(_ arguments: [String]) throws -> DemoProcess {
        let temporary = try PackagePaths.temporaryDirectory("demo-tmp")
        let process = try AgentBinary.start(
            ["demo"] + arguments, environment: ["TMPDIR": temporary.path],
            errors: temporary.appendingPathComponent("stderr.txt"))
        return DemoProcess(temporary: temporary, process: process)
    }

    /// What the demo has printed on standard error so far.
    var errors: String {
        (try? String(contentsOf: temporary.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
    }

    /// The folders the demo made in its temporary directory (`fleet-agent-demo-PID`).
    var folders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [])
            .filter { $0.hasPrefix("fleet-agent-demo-") }
    }

    /// The API's address (`http://127.0.0.1:PORT`) once the demo has printed it: up to 30 s on a loaded machine.
    func apiAddress() async throws -> String? {
        for _ in 0..<300 {
            if let line = errors.split(separator: "\n").first(where: { $0.hasPrefix("API: http://127.0.0.1:") }),
                let address = line.dropFirst("API: ".count).split(separator: " ").first
            {
                return String(address)
            }
            if !process.isRunning { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Sends `signal` and waits up to 15 s for the demo to end; whether it did.
    func stop(by signal: Int32) async throws -> Bool {
        kill(process.processIdentifier, signal)
        for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning
    }

    /// Ends the demo if it still runs and removes its temporary directory.
    func cleanUp() {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: temporary)
    }
}
