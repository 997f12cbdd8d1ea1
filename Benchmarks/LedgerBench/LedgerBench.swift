import FleetCore
import Foundation
import Ledger

/// ledger-bench: the ledger's throughput on this machine's disk.
///
///     ledger-bench [--dir DIR] [--cycles N] [--cycle-readings N] [--page N] [--only inserts|intervals]
///
/// In a fresh folder under DIR (default: the current directory), on the disk the agent would use:
/// 1. durable inserts: N cycles (default 200) of M readings (default 5,000: 4,992 miners and 8 GPUs), one
///    `append(cycle:)` (one transaction, synchronous=FULL) each; readings per second over all of them;
/// 2. paging every stored reading through `readingLines(after:limit:)` (what `/v1/readings` serves) and through
///    `readings(after:limit:)` (decoded into `Reading`); readings per second;
/// 3. `intervals(from:to:)` over 30 days of 15-minute intervals for 200 devices (built through `append`, one
///    cycle per 15 minutes), at 15 min, 1 h and 1 day steps and for one device; then the 15-minute answer as
///    `/v1/energy` sends it (`encodedIntervals`, CSV and JSON, each chunk copied once as into the response); the
///    median of 5 runs each.
/// Prints one JSON line per figure, with the process CPU seconds and the machine's load average beside the wall
/// time. `--only inserts` or `--only intervals` runs one part. The folder is removed at the end, unless
/// `LEDGER_BENCH_KEEP` is set; `LEDGER_BENCH_REUSE=FILE` runs the interval queries on a kept `intervals.sqlite`
/// instead of building one (for profiling).
@main
enum LedgerBench {
    static func main() async {
        var options = [String: Int]()
        var directory = FileManager.default.currentDirectoryPath
        var only: String?
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
            if flag == "--dir" {
                directory = value
            } else if flag == "--only", ["inserts", "intervals"].contains(value) {
                only = value
            } else if ["--cycles", "--cycle-readings", "--page"].contains(flag), let number = Int(value), number > 0 {
                options[flag] = number
            } else {
                fail("usage: ledger-bench [--dir DIR] [--cycles N] [--cycle-readings N] [--page N] [--only PART]")
            }
        }
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("ledger-bench-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer {
                if ProcessInfo.processInfo.environment["LEDGER_BENCH_KEEP"] == nil {
                    try? FileManager.default.removeItem(at: folder)
                }
            }
            if only != "intervals" {
                try await Figures.inserts(
                    path: folder.appendingPathComponent("readings.sqlite").path, cycles: options["--cycles"] ?? 200,
                    perCycle: options["--cycle-readings"] ?? 5000, page: options["--page"] ?? 1000)
            }
            if only != "inserts" {
                let reused = ProcessInfo.processInfo.environment["LEDGER_BENCH_REUSE"]
                try await Figures.intervals(path: reused ?? folder.appendingPathComponent("intervals.sqlite").path)
            }
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("ledger-bench: \(message)\n".utf8))
        exit(1)
    }
}
