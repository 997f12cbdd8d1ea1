import FleetCore
import Foundation
import Ledger

/// The measurements, each printed as one JSON line.
enum Figures {
    static let start = Timestamp(millisecondsSinceEpoch: 1_796_083_200_000)  // 2026-12-01T00:00:00Z

    static func inserts(path: String, cycles: Int, perCycle: Int, page: Int) async throws {
        let ledger = try await Ledger.open(path: path)
        let site = SyntheticSite(devices: perCycle, gpus: min(8, perCycle))
        var writing = Duration.zero
        var cpu = 0.0
        for n in 0..<cycles {
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(n) * 10_000)
            let cycle = site.cycle(n, at: time, interval: .seconds(10))
            let cpuBefore = ProcessCPU.seconds()
            writing += try await ContinuousClock().measure { try await ledger.append(cycle: cycle) }
            cpu += ProcessCPU.seconds() - cpuBefore
        }
        let total = cycles * perCycle
        let bytes = fileBytes(path)
        report(
            "insert", ["readings": total, "cycle_readings": perCycle, "file_mb": bytes / 1_000_000],
            seconds: writing.seconds, rate: Double(total) / writing.seconds, goal: "≥ 50000 readings/s",
            extra: ["cpu_s": cpu, "load_avg": ProcessCPU.loadAverage()])

        var cursor: Int64 = 0
        var lines = 0
        let linesTime = try await ContinuousClock().measure {
            while true {
                let chunk = try await ledger.reader.readingLines(after: cursor, limit: page)
                guard let last = chunk.last else { break }
                lines += chunk.count
                cursor = last.seq
            }
        }
        report(
            "page_lines", ["readings": lines, "page": page], seconds: linesTime.seconds,
            rate: Double(lines) / linesTime.seconds, goal: "≥ 100000 readings/s")

        cursor = 0
        var decoded = 0
        let decodedTime = try await ContinuousClock().measure {
            while true {
                let chunk = try await ledger.reader.readings(after: cursor, limit: page)
                guard let last = chunk.last?.seq else { break }
                decoded += chunk.count
                cursor = last
            }
        }
        report(
            "page_decoded", ["readings": decoded, "page": page], seconds: decodedTime.seconds,
            rate: Double(decoded) / decodedTime.seconds, goal: "≥ 100000 readings/s")
        try await ledger.close()
    }

    static func intervals(path: String) async throws {
        let ledger = try await Ledger.open(path: path)
        let site = SyntheticSite(devices: 200, gpus: 8)
        let days = 30
        let quarterHours = days * 96
        let building = try await ContinuousClock().measure {
            if ProcessInfo.processInfo.environment["LEDGER_BENCH_REUSE"] != nil { return }
            for n in 0...quarterHours {
                let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(n) * 900_000)
                try await ledger.append(cycle: site.cycle(n, at: time, interval: .seconds(900)))
            }
        }
        let to = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(days) * 86_400_000)
        var fifteenRows = 0
        for (name, step) in [("15m", Duration.seconds(900)), ("1h", .seconds(3600)), ("1d", .seconds(86_400))] {
            var rows = 0
            let run = try await medianOfFive {
                rows = try await ledger.reader.intervals(from: start, to: to, step: step).count
            }
            if name == "15m" { fifteenRows = rows }
            report(
                "intervals", ["devices": 200, "days": days, "rows": rows, "step": name],
                seconds: run.seconds, rate: nil, goal: "< 0.2 s",
                extra: ["build_s": building.seconds, "cpu_s": run.cpu, "load_avg": ProcessCPU.loadAverage()])
        }
        var deviceRows = 0
        let device = try await medianOfFive {
            deviceRows = try await ledger.reader.intervals(from: start, to: to, device: "asic:02:00:00:0:100:01").count
        }
        report(
            "intervals_one_device", ["days": days, "rows": deviceRows, "step": "15m"], seconds: device.seconds,
            rate: nil, goal: "< 0.2 s")
        for format in [IntervalExport.Format.csv, .json] {
            var bytes = 0
            let run = try await medianOfFive {
                bytes = sent(try await ledger.reader.encodedIntervals(from: start, to: to, format: format))
            }
            report(
                "energy_\(format.rawValue)", ["devices": 200, "days": days, "rows": fifteenRows, "bytes": bytes],
                seconds: run.seconds, rate: nil, goal: "< 0.2 s",
                extra: ["cpu_s": run.cpu, "load_avg": ProcessCPU.loadAverage()])
        }
        try await ledger.close()
    }

    private static func report(
        _ name: String, _ counts: [String: Any], seconds: Double, rate: Double?, goal: String?,
        extra: [String: Double] = [:]
    ) {
        var fields = counts
        fields["bench"] = name
        fields["seconds"] = (seconds * 1000).rounded() / 1000
        if let rate { fields["per_second"] = Int(rate.rounded()) }
        if let goal { fields["goal"] = goal }
        for (key, value) in extra { fields[key] = (value * 100).rounded() / 100 }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    /// The answer's bytes, each chunk copied into a buffer of its own as the API copies it into the response's
    /// buffers (part of the figure).
    private static func sent(_ encoded: IntervalExport.Encoded) -> Int {
        var bytes = 0
        for number in 0..<encoded.chunkCount { bytes += encoded.withChunk(number) { [UInt8]($0) }.count }
        return bytes
    }

    /// Runs `body` five times: the median wall time and the median process CPU seconds.
    private static func medianOfFive(
        _ body: () async throws -> Void
    ) async rethrows -> (seconds: Double, cpu: Double) {
        var times: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<5 {
            let cpuBefore = ProcessCPU.seconds()
            times.append(try await ContinuousClock().measure { try await body() }.seconds)
            cpu.append(ProcessCPU.seconds() - cpuBefore)
        }
        return (median(times), median(cpu))
    }

    private static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    private static func fileBytes(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
