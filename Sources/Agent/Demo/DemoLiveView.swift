import Control
import FleetCore
import Foundation

/// What the demo shows: notes for a person on standard error (the site, the API's address), and each cycle's
/// readings on standard output, as a table or, with `json`, one JSON line per reading. Written through a lane of its
/// own, so a terminal or pipe that is slow to read never holds a thread of the cooperative pool.
public final class DemoLiveView: Sendable {
    private let json: Bool
    private let lane = BlockingLane(label: "demo-output")

    public init(json: Bool) {
        self.json = json
    }

    /// A line for a person, on standard error.
    public func note(_ text: String) async {
        await lane.run { try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8)) }
    }

    /// A cycle's readings, on standard output.
    public func show(_ cycle: CycleReadings) async {
        let text =
            json
            ? cycle.readings.map { ReadingOutput.jsonLine($0) + "\n" }.joined()
            : "\n\(cycle.started.rfc3339)  cycle \(cycle.number)\n" + ReadingOutput.table(cycle.readings) + "\n"
        await lane.run { try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8)) }
    }

    /// A cycle's control step, one line under its table: the budget in force, what was allocated and drawn, the
    /// writes by outcome and the raises waiting their turn.
    public func show(_ report: ControlReport) async {
        guard !json, let allocation = report.allocation else { return }
        var parts = [
            "plan \(report.planVersion ?? "-"): budget \(NumberText.fixed(allocation.budgetW)) W",
            "allocated \(NumberText.fixed(allocation.allocatedW)) W",
            "measured \(NumberText.fixed(report.measuredW)) W",
        ]
        let writes = report.outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if !writes.isEmpty { parts.append("writes: " + writes.joined(separator: ", ")) }
        if report.held > 0 { parts.append("\(report.held) raises waiting") }
        if !allocation.violations.isEmpty { parts.append("violations: \(allocation.violations.count)") }
        let line = "control: " + parts.joined(separator: " · ") + "\n"
        await lane.run { try? FileHandle.standardOutput.write(contentsOf: Data(line.utf8)) }
    }
}
