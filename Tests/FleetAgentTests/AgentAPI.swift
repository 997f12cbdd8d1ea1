import Foundation

/// The running agent's HTTP API on loopback, read as the tests need it.
struct AgentAPI {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int

    func text(_ path: String) async throws -> String {
        try await RunCommandTests.get("http://127.0.0.1:\(port)\(path)")
    }

    /// `/healthz`: `cycles`, `store_failures`, …
    func health() async throws -> [String: Any] {
        let body = try await text("/healthz")
        guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            throw Failure(description: "/healthz is not a JSON object: \(body)")
        }
        return object
    }

    /// Every stored reading (`/v1/readings`, up to 10,000), oldest first.
    func readings() async throws -> [[String: Any]] {
        try AgentBinary.jsonLines(try await text("/v1/readings?after=0&limit=10000"))
    }

    /// The latest reading of each device (`/v1/devices`).
    func devices() async throws -> [[String: Any]] {
        try AgentBinary.jsonLines(try await text("/v1/devices"))
    }

    func metrics() async throws -> ExpositionText {
        try ExpositionText(try await text("/metrics"))
    }
}
