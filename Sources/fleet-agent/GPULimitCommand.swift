import Agent
import ArgumentParser
import Control
import FleetCore
import Foundation
import Ledger
import Miners
import NVML

/// `fleet-agent gpu-limit`: show or set one GPU's NVML power limit (operator and deployment checks).
struct GPULimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu-limit",
        abstract: "Show a GPU's power limits, or set its power management limit (needs root).",
        discussion: """
            The limit is checked against the GPU's own minimum and maximum before NVML is called, then read back, \
            through the control step's GPU actuator. With the agent's config (--config, or the default file when it \
            exists) the GPU's original limit is saved in its ledger before the first change and the change is in the \
            audit log (GET /v1/actions); --restore sets the saved original back. NVML forgets a limit when the \
            driver unloads; the agent's control loop, not this command, keeps caps in force.
            """
    )

    @Option(help: "The GPU's NVML index.")
    var index: Int = 0

    @Option(help: "The GPU's UUID (GPU-…) instead of its index.")
    var uuid: String?

    @Option(help: "Set the power management limit to this many watts.")
    var watts: Double?

    @Flag(help: "Set the GPU back to the original limit saved in the ledger before it was first changed.")
    var restore = false

    @Option(help: "The agent's config file: its ledger keeps the original limit and the audit entry.")
    var config: String?

    @Option(name: .customLong("nvml-lib"), help: "Load this file instead of libnvidia-ml.so.1.")
    var nvmlLibrary: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if restore, watts != nil { throw ValidationError("--watts and --restore cannot be given together") }
    }

    func run() async throws {
        let nvml: NVMLLibrary
        let gpu: Int
        let sample: GPUSample
        do throws(NVMLError) {
            nvml = try NVMLLibrary.load(path: nvmlLibrary ?? NVMLLibrary.defaultPath)
            gpu = try select(nvml)
            sample = try nvml.sample(index: gpu)
        } catch {
            throw GPUCommandFailure(description: error.description)
        }
        if watts != nil || restore {
            let ledger = try await openLedger()
            let device = GPUSample.device(uuid: sample.uuid, index: gpu)
            do throws(MinerControlError) {
                if let watts {
                    _ = try await OperatorGPULimit.set(watts, device: device, index: gpu, nvml: nvml, ledger: ledger)
                } else if let ledger {
                    _ = try await OperatorGPULimit.restore(device: device, index: gpu, nvml: nvml, ledger: ledger)
                } else {
                    throw .refused("--restore needs the agent's ledger: give --config FILE")
                }
            } catch {
                try? await ledger?.close()
                throw GPUCommandFailure(description: error.description)
            }
            try? await ledger?.close()
        }
        do throws(NVMLError) {
            print(Self.describe(try nvml.sample(index: gpu), json: json))
        } catch {
            throw GPUCommandFailure(description: error.description)
        }
    }

    /// The ledger of `--config`, or of the default config when that file exists; nil (with a note on standard
    /// error) when neither is there: the change is then neither saved nor audited.
    private func openLedger() async throws -> Ledger? {
        let path = config ?? "/etc/fleet-agent/agent.yaml"
        guard config != nil || FileManager.default.fileExists(atPath: path) else {
            printStderr("note: no agent config: the original limit is not saved and the change is not audited")
            return nil
        }
        do {
            return try await Ledger.open(path: try AgentConfig.load(path: path).ledger)
        } catch {
            throw GPUCommandFailure(description: "\(error)")
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
