import Foundation
import FoundationNetworking
import NVML
import TestSupport
import Testing

/// A host for control tests through the binary: FakeNVML GPUs whose limits outlive each agent process (a journal,
/// as a driver keeps them), fixture miners where given, a plan file, a bearer token, and quick control pacing.
struct ControlSite {
    let folder: URL
    let nvml: String
    let journal: String
    static let token = "control-test-token-0123456789"

    var config: URL { folder.appendingPathComponent("agent.yaml") }
    var plan: URL { folder.appendingPathComponent("plan.yaml") }

    init(gpus: [String], miners: [String] = [], minerExtras: [String: String] = [:], plan: String) throws {
        folder = try PackagePaths.temporaryDirectory("control-run")
        journal = folder.appendingPathComponent("journal").path
        let library = try #require(FakeNVMLLocator.besideExecutable(), "build the package first")
        let settings = FakeNVMLSettings(
            fixtures: gpus.map { PackagePaths.fixture("gpus/\($0).gpu").path }, journal: journal)
        nvml = try FakeNVMLLocator.makeInstance(library: library, in: folder.path, settings: settings)
        let tokenFile = folder.appendingPathComponent("token")
        try Self.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        chmod(tokenFile.path, 0o600)
        try plan.write(to: self.plan, atomically: true, encoding: .utf8)
        let minerLines = miners.map { address in
            "  - { address: \(address)\(minerExtras[address].map { ", " + $0 } ?? "") }"
        }
        let config = """
            host: rig-1
            interval_s: 1
            timeout_s: 0.75
            nvml_library: \(nvml)
            plan: plan.yaml
            ledger: ledger.sqlite
            http: { listen: 127.0.0.1:0, token_file: token }
            control: { raise_hold_s: 0, raises_per_cycle: 1000, retry_s: 1, device_timeout_s: 2 }
            """ + (miners.isEmpty ? "\n" : "\nminers:\n" + minerLines.joined(separator: "\n") + "\n")
        try config.write(to: self.config, atomically: true, encoding: .utf8)
    }

    /// The GPUs' management limits as the driver (FakeNVML's journal) holds them now.
    func gpuLimits() throws -> [Double] {
        let library = try NVMLLibrary.load(path: nvml)
        return try (0..<library.deviceCount()).map { try library.sample(index: $0).managementLimitW ?? -1 }
    }

    /// `PUT /v1/plan` with the token: the status and the body.
    static func putPlan(_ text: String, port: Int, token: String = token) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/plan")!)
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = Data(text.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func gpuPlan(budget: Int) -> String {
        "version: 1\nbudget_w: \(budget)\ndevices:\n  - { kind: gpu, class: firm, floor_w: 100, tenant: ai-lab }\n"
    }
}
