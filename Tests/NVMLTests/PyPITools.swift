import Foundation
import Testing

/// Runs commands and fetches NVIDIA's packages from PyPI into the build folder (never the source tree).
enum PyPITools {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `command` (searched on PATH) on a thread of its own and waits for it without holding a Swift
    /// concurrency thread: the cooperative pool has only as many threads as cores (two in CI), and other tests'
    /// deadlines resume on it. A blocking wait here once stalled every test in the run for the length of a pip
    /// download.
    static func run(
        _ command: [String], environment: [String: String] = [:], in directory: String? = nil
    )
        async throws -> Output
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result { try runBlocking(command, environment: environment, in: directory) })
            }.start()
        }
    }

    /// Runs `command` and waits; output goes through files, so nothing can block on a pipe.
    private static func runBlocking(
        _ command: [String], environment: [String: String], in directory: String?
    )
        throws -> Output
    {
        let scratch = NSTemporaryDirectory() + "fleet-agent-run-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: scratch + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch + ".out")
            try? FileManager.default.removeItem(atPath: scratch + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".err"))
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? "")
    }

    /// `<build products>/nvml-pypi`: downloads live in the build folder, which git ignores.
    static func cacheDirectory() throws -> String {
        let path = try FakeGPU.productsDirectory() + "/nvml-pypi"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let headerPackage = "nvidia-nvml-dev-cu12==12.9.79"
    static let bindingsPackage = "nvidia-ml-py==13.615.71"

    /// The folder holding NVIDIA's `nvml.h`, from the `nvidia-nvml-dev-cu12` wheel (downloaded once per build folder).
    static func nvidiaHeaderDirectory() async throws -> String { try await nvidiaHeader.value }

    /// A folder with NVIDIA's `pynvml` (nvidia-ml-py), installed with `pip install --target` once per build folder.
    static func pynvmlDirectory() async throws -> String { try await pynvml.value }

    /// One fetch per test run, however many tests wait for it.
    private static let nvidiaHeader = Task<String, any Error> {
        let root = try cacheDirectory()
        let include = root + "/nvml-dev/nvidia/nvml_dev/include"
        if FileManager.default.fileExists(atPath: include + "/nvml.h") { return include }
        let wheels = root + "/wheels"
        let pip = try await run([
            "python3", "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--only-binary=:all:",
            "--platform", "manylinux2014_x86_64", "--timeout", "30", "--retries", "2", "--dest", wheels, headerPackage,
        ])
        guard pip.status == 0 else {
            throw Failure(
                description: "could not fetch NVIDIA's nvml.h from PyPI (\(headerPackage)); this test needs PyPI. "
                    + "pip said: \(pip.stderr.suffix(600))")
        }
        let unzip = try await run([
            "python3", "-c",
            "import glob, sys, zipfile; w = glob.glob(sys.argv[1] + '/nvidia_nvml_dev_cu12-*.whl')[0]; "
                + "zipfile.ZipFile(w).extract('nvidia/nvml_dev/include/nvml.h', sys.argv[2])",
            wheels, root + "/nvml-dev",
        ])
        guard unzip.status == 0 else { throw Failure(description: "cannot unpack the nvml.h wheel: \(unzip.stderr)") }
        return include
    }

    private static let pynvml = Task<String, any Error> {
        let target = try cacheDirectory() + "/nvidia-ml-py"
        if FileManager.default.fileExists(atPath: target + "/pynvml.py") { return target }
        let pip = try await run([
            "python3", "-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--no-compile",
            "--timeout", "30", "--retries", "2", "--target", target, bindingsPackage,
        ])
        guard pip.status == 0, FileManager.default.fileExists(atPath: target + "/pynvml.py") else {
            throw Failure(
                description: "could not install NVIDIA's pynvml from PyPI (\(bindingsPackage)); this test needs PyPI. "
                    + "pip said: \(pip.stderr.suffix(600))")
        }
        return target
    }

    /// The first C compiler found on PATH.
    static func cCompiler() async throws -> String {
        for candidate in ["cc", "gcc", "clang"] where (try? await run(["which", candidate]))?.status == 0 {
            return candidate
        }
        throw Failure(description: "no C compiler (cc, gcc, clang) on PATH")
    }
}
