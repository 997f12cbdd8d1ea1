import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Debian's `prometheus` server (`scripts/setup.sh` installs the package) in the background, scraping one target's
/// `/metrics` every second, its TSDB, config and log in a folder of the test's; its HTTP query API read back.
struct PrometheusServer {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One series of a query's answer: its labels, and its samples (time in seconds, value) oldest first.
    struct Series {
        var labels: [String: String]
        var samples: [(time: Double, value: Double)]
    }

    static let binary = "/usr/bin/prometheus"

    let process: Process
    let port: Int
    let logFile: URL

    /// Starts the server scraping `target` (`host:port`) and waits up to `limit` until it says it is ready. A port
    /// taken between choosing and binding it is retried with another.
    static func start(
        scraping target: String, in folder: URL, within limit: Duration = .seconds(60)
    ) async throws -> PrometheusServer {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw Failure(
                description: "\(binary) is missing: scripts/test installs Debian's prometheus package "
                    + "(apt-get install prometheus); this test needs it and does not pass without it")
        }
        let config = folder.appendingPathComponent("prometheus.yml")
        try """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: fleet-agent
            static_configs:
              - targets: ['\(target)']
        """.write(to: config, atomically: true, encoding: .utf8)
        var lastLog = ""
        for attempt in 1...3 {
            let server = try launch(config: config, folder: folder, attempt: attempt)
            if try await server.waitUntilReady(within: limit) { return server }
            server.kill()
            lastLog = server.log
            guard lastLog.contains("address already in use") else { break }
        }
        throw Failure(description: "prometheus did not become ready within \(limit):\n\(lastLog)")
    }

    private static func launch(config: URL, folder: URL, attempt: Int) throws -> PrometheusServer {
        let port = try FreePort.take()
        let logFile = folder.appendingPathComponent("prometheus-\(attempt).log")
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(logFile.path)")
        }
        let process = Process()
        // At a low priority (`nice` execs it, so the pid is the server's): its start-up must not starve the
        // timing-sensitive tests that run beside this one. The console flags point at an empty folder: the
        // package's consoles are not needed for the query API.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        let consoles = folder.appendingPathComponent("consoles").path
        try FileManager.default.createDirectory(atPath: consoles, withIntermediateDirectories: true)
        process.arguments = [
            "-n", "10", binary, "--config.file=\(config.path)",
            "--storage.tsdb.path=\(folder.appendingPathComponent("tsdb").path)",
            "--web.listen-address=127.0.0.1:\(port)",
            "--web.console.templates=\(consoles)", "--web.console.libraries=\(consoles)",
        ]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        return PrometheusServer(process: process, port: port, logFile: logFile)
    }

    /// What the server has logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private func waitUntilReady(within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline && process.isRunning {
            if let status = try? await RunCommandTests.status("http://127.0.0.1:\(port)/-/ready"), status == 200 {
                return true
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// The answer to an instant query at the server's now: a vector (one sample a series) or, for a range selector
    /// such as `name[5m]`, a matrix (every sample scraped in the range).
    func query(_ promql: String) async throws -> [Series] {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        let (data, _) = try await URLSession.shared.data(from: components.url!)
        guard let body = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            body["status"] as? String == "success", let answer = body["data"] as? [String: Any],
            let result = answer["result"] as? [[String: Any]]
        else {
            throw Failure(description: "prometheus refused \(promql): \(String(decoding: data, as: UTF8.self))")
        }
        return try result.map { item in
            let labels = item["metric"] as? [String: String] ?? [:]
            let points = (item["values"] as? [[Any]]) ?? (item["value"] as? [Any]).map { [$0] } ?? []
            return Series(labels: labels, samples: try points.map(Self.sample))
        }
    }

    /// `[1700000000.123, "42.5"]` as (time, value).
    private static func sample(_ point: [Any]) throws -> (time: Double, value: Double) {
        guard point.count == 2, let time = point[0] as? Double, let text = point[1] as? String,
            let value = Double(text)
        else { throw Failure(description: "not a sample: \(point)") }
        return (time, value)
    }

    /// SIGKILL if it still runs (its data is thrown away with the folder): for a `defer`, which cannot wait.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
