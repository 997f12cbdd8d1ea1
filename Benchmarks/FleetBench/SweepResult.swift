import FleetCore

/// What one read of one miner came to.
struct ReadOutcome: Sendable {
    /// nil when the read succeeded; otherwise what failed, prefixed with the fixture folder.
    var error: String?
    /// The fixture folder read.
    var fixture: String
    /// The normalized reading (reading mode), kept until the sweep's figures are taken, as a poll cycle keeps it.
    var reading: Reading?

    init(error: String?, fixture: String, reading: Reading? = nil) {
        self.error = error
        self.fixture = fixture
        self.reading = reading
    }
}

/// The one-line JSON result of `fleet-bench sweep` (snake_case names, as run.sh and the pyasic script print them).
// swift-format-ignore: AlwaysUseLowerCamelCase
struct SweepResult: Encodable {
    var tool = "fleet-agent"
    var mode: String
    var count_unsupported: Bool
    var miners: Int
    var repeats: Int
    var concurrency: Int
    var reads: Int
    var ok: Int
    var failed: Int
    var errors: [String]
    var failed_fixtures: [String]
    var wall_s: Double
    var wall_s_each: [Double]
    var cpu_user_s: Double
    var cpu_sys_s: Double
    var peak_rss_mb: Double
    var miners_per_s: Double
    var open_files_limit: Int
}

/// Counts failures by message and keeps the most frequent few for the report.
struct ErrorTally {
    private var counts: [String: Int] = [:]

    mutating func add(_ message: String) { counts[message, default: 0] += 1 }

    func top(_ n: Int) -> [String] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(n)
            .map { "\($0.value)x \($0.key)" }
    }
}
