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
}
