import Agent
import ArgumentParser
import FleetCore

/// `fleet-agent plan`: the site plan.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Check a site plan.", subcommands: [PlanCheckCommand.self])
}

/// `fleet-agent plan check PLAN [--inventory FILE] [--at TIME] [--json]`.
struct PlanCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a site plan; print every problem (exit 1), or the caps it would set at a time (exit 0)."
    )

    @Argument(help: ArgumentHelp("The site plan (YAML).", valueName: "plan"))
    var plan: String

    @Option(help: ArgumentHelp("The host's devices: `probe --json` output (NDJSON).", valueName: "file"))
    var inventory: String?

    @Option(help: ArgumentHelp("The time to allocate at, RFC 3339 (default: now).", valueName: "time"))
    var at: String?

    @Flag(help: "One JSON object per device: device, class, cap_w (null when slept), reason.")
    var json = false

    func run() throws {
        var time = Timestamp.now()
        if let at {
            guard let parsed = Timestamp(rfc3339: at) else {
                throw ValidationError("--at: expected an RFC 3339 time (2026-12-01T20:00:00Z)")
            }
            time = parsed
        }
        let allocation: Allocation
        do {
            allocation = try PlanCheck.run(planPath: plan, inventoryPath: inventory, at: time)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        for line in json ? PlanCheck.jsonLines(allocation) : PlanCheck.table(allocation) { print(line) }
        for violation in allocation.violations { printStderr("violation: \(violation)") }
    }
}
