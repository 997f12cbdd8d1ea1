import ArgumentParser
import Foundation
import MinerRPC

/// How each miner is read.
enum SweepMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `CGMinerClient.read(["summary", "stats", "pools"])`: one joined request (with fallback) and the decode.
    case raw
    /// The full `MinerReader.read`: detection, the family's reads and normalization to a `Reading`. With `--repeat`,
    /// the sweeps after the first find each family known, as `polled` does.
    case reading
    /// `reading` as the agent's poll loop runs it: after one untimed sweep, so that each miner's family is known
    /// (as pyasic's is, its miner class being constructed for the model) and its commands go in one joined request.
    case polled
}

struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Read every miner of an addresses file once per repeat; print one JSON line."
    )

    @Option(help: "File of `host:port<TAB>fixture` lines (fleet-agent fixtures serve --addresses-out).")
    var addresses: String

    @Option(help: "Reads in flight at once (CGMinerClient.readMany's default).")
    var concurrency: Int = 64

    @Option(
        help: """
            raw: summary+stats+pools with decode; reading: full MinerReader.read; polled: reading after one untimed \
            sweep (families known).
            """)
    var mode: SweepMode = .raw

    @Option(help: "Sweeps to run back to back; figures cover all of them.")
    var `repeat`: Int = 1

    @Option(help: "Per-request deadline in seconds.")
    var timeout: Double = 5

    @Flag(
        help: """
            raw: a command the firmware answers with 'Invalid command' (Code 14) counts as read, as on a real miner \
            that lacks it.
            """)
    var countUnsupported = false

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() async throws {
        let filesLimit = FileDescriptorLimit.raiseToHardLimit()?.soft ?? -1
        let targets = try AddressList.load(path: addresses)
        guard !targets.isEmpty else { throw ValidationError("\(addresses) lists no miners") }
        let reader = SweepReader(
            mode: mode, timeout: .milliseconds(Int(timeout * 1000)), countUnsupported: countUnsupported)
        // A miner that rejects the joined request holds one socket per command.
        let width = FileDescriptorLimit.readsInFlight(
            upTo: concurrency,
            socketsPerRead: mode == .raw ? SweepReader.commands.count : reader.reader.socketsPerRead)

        if mode == .polled {
            _ = await BoundedSweep.run(targets, maxConcurrent: width) { await reader.read($0) }
        }
        let startUsage = ResourceUsage.now()
        let clock = ContinuousClock()
        let start = clock.now
        var tally = ErrorTally()
        var ok = 0
        var failedFixtures = Set<String>()
        var walls: [Double] = []
        for _ in 0..<self.repeat {
            let sweepStart = clock.now
            let outcomes = await BoundedSweep.run(targets, maxConcurrent: width) { await reader.read($0) }
            walls.append((clock.now - sweepStart).seconds)
            for outcome in outcomes {
                if let error = outcome.error {
                    tally.add(error)
                    failedFixtures.insert(outcome.fixture)
                } else {
                    ok += 1
                }
            }
        }
        let wall = (clock.now - start).seconds
        let endUsage = ResourceUsage.now()

        let reads = targets.count * self.repeat
        let result = SweepResult(
            mode: mode.rawValue, count_unsupported: countUnsupported, miners: targets.count, repeats: self.repeat,
            concurrency: width,
            reads: reads, ok: ok, failed: reads - ok, errors: tally.top(5),
            failed_fixtures: failedFixtures.sorted(),
            wall_s: wall.rounded(places: 4), wall_s_each: walls.map { $0.rounded(places: 4) },
            cpu_user_s: (endUsage.userSeconds - startUsage.userSeconds).rounded(places: 3),
            cpu_sys_s: (endUsage.systemSeconds - startUsage.systemSeconds).rounded(places: 3),
            peak_rss_mb: (Double(endUsage.peakRSSBytes) / 1_048_576).rounded(places: 1),
            miners_per_s: (Double(reads) / wall).rounded(places: 1),
            open_files_limit: filesLimit
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}

extension Duration {
    var seconds: Double {
        let (s, attos) = components
        return Double(s) + Double(attos) / 1e18
    }
}

extension Double {
    func rounded(places: Int) -> Double {
        let scale = (0..<places).reduce(1.0) { acc, _ in acc * 10 }
        return (self * scale).rounded() / scale
    }
}
