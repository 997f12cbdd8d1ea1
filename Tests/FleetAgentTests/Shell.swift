import Foundation
import TestSupport

/// Shell commands for the tests that drive system tools (dpkg, mount, dd): each runs on a thread of its own, so the
/// seconds it may take never block a thread of the cooperative pool (one per core), which would stall every other
/// test's deadlines meanwhile.
enum Shell {
    /// Runs `command` with `/bin/sh -c` in the package root; standard output and error together.
    static func run(_ command: String) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(command) }) }.start()
        }
    }

    /// `run` on the calling thread: only where waiting is impossible (a `defer`), or already on a thread of its own.
    static func runBlocking(_ command: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = PackagePaths.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
