import Foundation
import TestSupport

/// Runs the built `fleet-agent` executable as a person would, and captures what it prints.
enum AgentBinary {
    static let packageRoot = PackagePaths.root

    /// The build products folder holding both this test bundle and the `fleet-agent` binary.
    static var productsDirectory: URL {
        let fromTestBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: fromTestBundle.appendingPathComponent("fleet-agent").path) {
            return fromTestBundle
        }
        for bundle in Bundle.allBundles {
            let dir = bundle.bundleURL.deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("fleet-agent").path) {
                return dir
            }
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// Runs the binary on its own thread, so the blocking pipe reads never hold a Swift concurrency thread (the
    /// cooperative pool has only as many threads as cores, and other tests' deadlines run on it).
    /// `openFileLimit` runs it under that `RLIMIT_NOFILE` (soft and hard), through `sh -c 'ulimit -n N; exec ...'`.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], openFileLimit: Int? = nil
    )
        async throws -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Swift.Result {
                        try runBlocking(arguments, environment: environment, openFileLimit: openFileLimit)
                    })
            }
            thread.start()
        }
    }

    private static func runBlocking(
        _ arguments: [String], environment: [String: String], openFileLimit: Int?
    )
        throws -> Result
    {
        let process = Process()
        let binary = productsDirectory.appendingPathComponent("fleet-agent")
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        // Drain stderr on another thread so neither pipe can fill up and stall the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let errDone = DispatchSemaphore(value: 0)
        Thread {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            errDone.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    /// Starts the binary in the background (a server); the caller terminates it. `errors`: a file its standard error
    /// goes to (made empty first); else it is dropped.
    static func start(_ arguments: [String], environment: [String: String] = [:], errors: URL? = nil) throws -> Process
    {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("fleet-agent")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let errors {
            try Data().write(to: errors)
            process.standardError = try FileHandle(forWritingTo: errors)
        }
        try process.run()
        return process
    }

    /// Each line of `--json` output as an object.
    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
    }
}
