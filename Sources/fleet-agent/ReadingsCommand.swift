import Agent
import AgentServer
import ArgumentParser
import Foundation
import Ledger

/// `fleet-agent readings`: stored readings from the ledger as NDJSON (read-only; safe while the agent runs).
struct ReadingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings",
        abstract: "Print stored readings (NDJSON, the schema with seq) after a sequence number."
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "Print readings with seq greater than this.")
    var after: Int64 = 0

    @Option(help: "At most this many readings (1 to 1000000).")
    var limit: Int = 1000

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after must be 0 or more") }
        guard (1...1_000_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000000") }
    }

    func run() async throws {
        let settings = try config.load()
        let reader: LedgerReader
        do {
            reader = try await LedgerReader.open(path: settings.ledger)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        // The stored lines as they are: the schema with seq, nothing decoded and encoded again.
        for line in try await reader.readingLines(after: after, limit: limit) { print(line.json) }
    }
}

/// `fleet-agent energy`: the ledger's energy intervals as CSV or JSON (read-only).
struct EnergyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energy",
        abstract: "Print energy per device and tenant in UTC intervals (device, tenant, start, end, energy_j, avg_w, "
            + "peak_w, coverage, quality)."
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "Start, RFC 3339 (on a step boundary, UTC).")
    var from: String

    @Option(help: "End (exclusive), RFC 3339 (on a step boundary, UTC).")
    var to: String

    @Option(help: "Interval: 15m, 30m, 1h, 1d (a whole number of 15 minutes).")
    var step: String = "15m"

    @Option(help: "csv or json.")
    var format: String = "csv"

    @Option(help: "Only this device (gpu:… or asic:…).")
    var device: String?

    @Option(help: "Only this tenant.")
    var tenant: String?

    func run() async throws {
        // The same checks and messages as GET /v1/energy.
        var parameters = ["from": from, "to": to, "step": step, "format": format]
        parameters["device"] = device
        parameters["tenant"] = tenant
        let request: EnergyRequest
        do {
            request = try EnergyRequest.checked(parameters)
        } catch {
            throw ValidationError(error.reason)
        }
        let settings = try config.load()
        do {
            let table = try await LedgerAPI(reader: try await LedgerReader.open(path: settings.ledger)).energy(request)
            for number in 0..<table.chunkCount {
                table.withChunk(number) { FileHandle.standardOutput.write(Data($0)) }
            }
        } catch let refused as QueryRefused {
            throw ValidationError(refused.reason)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}
