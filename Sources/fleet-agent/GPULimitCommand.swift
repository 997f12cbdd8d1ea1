import ArgumentParser
import Foundation
import NVML

/// `fleet-agent gpu-limit`: show or set one GPU's NVML power limit (operator and deployment checks).
struct GPULimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu-limit",
        abstract: "Show a GPU's power limits, or set its power management limit (needs root).",
        discussion: """
            The limit is checked against the GPU's own minimum and maximum before NVML is called, then read back. \
            NVML forgets it when the driver unloads; the agent's control loop, not this command, keeps caps in force.
            """
    )

    @Option(help: "The GPU's NVML index.")
    var index: Int = 0

    @Option(help: "The GPU's UUID (GPU-…) instead of its index.")
    var uuid: String?

    @Option(help: "Set the power management limit to this many watts.")
    var watts: Double?

    @Option(name: .customLong("nvml-lib"), help: "Load this file instead of libnvidia-ml.so.1.")
    var nvmlLibrary: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        do throws(NVMLError) {
            let nvml = try NVMLLibrary.load(path: nvmlLibrary ?? NVMLLibrary.defaultPath)
            let gpu = try select(nvml)
            if let watts { try nvml.setPowerLimit(index: gpu, watts: watts) }
            print(Self.describe(try nvml.sample(index: gpu), json: json))
        } catch {
            throw GPUCommandFailure(description: error.description)
        }
    }

    private func select(_ nvml: NVMLLibrary) throws(NVMLError) -> Int {
        guard let uuid else { return index }
        for candidate in 0..<(try nvml.deviceCount()) where (try? nvml.sample(index: candidate))?.uuid == uuid {
            return candidate
        }
        throw NVMLError(code: .notFound, function: "gpu-limit", message: "no GPU with UUID \(uuid)")
    }

    static func describe(_ s: GPUSample, json: Bool) -> String {
        let fields: [(String, String)] = [
            ("index", String(s.index)), ("uuid", quoted(s.uuid)), ("address", quoted(s.pciBusID?.description)),
            ("name", quoted(s.name)), ("power_w", number(s.powerW)), ("enforced_limit_w", number(s.enforcedLimitW)),
            ("management_limit_w", number(s.managementLimitW)), ("min_limit_w", number(s.minLimitW)),
            ("max_limit_w", number(s.maxLimitW)), ("default_limit_w", number(s.defaultLimitW)),
        ]
        if json { return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}" }
        return fields.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
    }

    private static func quoted(_ text: String?) -> String {
        guard let text else { return "null" }
        let data = (try? JSONEncoder().encode(text)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "null" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// A command that ran and failed (bad input file, NVML error): printed as `Error: …`, exit status 1, no usage text.
struct GPUCommandFailure: Error, CustomStringConvertible {
    let description: String
}
