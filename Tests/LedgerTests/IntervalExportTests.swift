import FleetCore
import Foundation
import Testing

@testable import Ledger

@Suite("interval export")
struct IntervalExportTests {
    private let rows = [
        EnergyInterval(
            device: "asic:m1", tenant: "acme, inc.", start: Make.time(0), end: Make.time(900), energyJ: 900_000,
            avgW: 1000, peakW: 1200.5, coverage: 1, quality: .reported),
        EnergyInterval(
            device: "gpu:A", tenant: nil, start: Make.time(0), end: Make.time(900), energyJ: 0, avgW: nil,
            peakW: nil, coverage: 0, quality: nil),
    ]

    @Test("CSV has exactly the named columns; unknown values are empty, commas quoted")
    func csvColumns() {
        let lines = IntervalExport.csv(rows).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "device,tenant,start,end,energy_j,avg_w,peak_w,coverage,quality")
        #expect(
            lines[1]
                == "asic:m1,\"acme, inc.\",2026-12-01T00:00:00.000Z,2026-12-01T00:15:00.000Z,"
                + "900000.0,1000.0,1200.5,1.0,reported"
        )
        #expect(lines[2] == "gpu:A,,2026-12-01T00:00:00.000Z,2026-12-01T00:15:00.000Z,0.0,,,0.0,")
        #expect(lines.count == 4 && lines[3].isEmpty)
    }

    @Test("JSON is an array of objects with exactly the named keys; unknown values are null")
    func jsonColumns() throws {
        let text = IntervalExport.json(rows)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(objects.count == 2)
        for object in objects { #expect(Set(object.keys) == Set(EnergyInterval.columns)) }
        #expect(objects[0]["tenant"] as? String == "acme, inc.")
        #expect(objects[0]["energy_j"] as? Double == 900_000)
        #expect(objects[0]["start"] as? String == "2026-12-01T00:00:00.000Z")
        #expect(objects[1]["tenant"] is NSNull)
        #expect(objects[1]["quality"] is NSNull)
    }

    @Test("JSON escapes quotes and control characters in text")
    func jsonEscapes() throws {
        var row = rows[1]
        row.tenant = "a \"quoted\"\u{1} name"
        let objects = try #require(
            try JSONSerialization.jsonObject(with: Data(IntervalExport.json([row]).utf8)) as? [[String: Any]])
        #expect(objects.first?["tenant"] as? String == "a \"quoted\"\u{1} name")
    }

    @Test("no rows: a header alone, an empty array")
    func empty() throws {
        #expect(IntervalExport.csv([]) == EnergyInterval.columns.joined(separator: ",") + "\n")
        #expect(try JSONSerialization.jsonObject(with: Data(IntervalExport.json([]).utf8)) as? [Any] != nil)
    }
}

/// The ledger's rows written straight into CSV and JSON are the same bytes as `IntervalExport` makes of the same rows
/// decoded: read in parts and in one, filtered, over longer steps, with a tenant that needs quoting.
@Suite("encoded intervals")
struct EncodedIntervalsTests {
    @Test(arguments: [IntervalExport.Format.csv, .json])
    func encodedEqualsTheExportOfTheDecodedRows(format: IntervalExport.Format) async throws {
        try await ScratchLedger.with { ledger, _ in
            for t in stride(from: 0.0, through: 86_400, by: 600) {
                var readings = [
                    Make.miner("asic:b", at: t, powerW: 100 + t / 700, tenant: t < 40_000 ? "acme, inc." : nil),
                    Make.gpu("gpu:a", at: t + 1, counterJ: t * 301.3, powerW: 300),
                    Make.miner("asic:c", at: t, powerW: t < 20_000 ? nil : 3250, tenant: "say \"hi\""),
                ]
                // Only in the day's second half: the first part of a read in parts has none of its rows.
                if t >= 60_000 { readings.append(Make.miner("asic:d", at: t, powerW: 1234.5)) }
                try await ledger.append(cycle: Make.cycle(at: t, every: .seconds(600), readings))
            }
            let day = (Make.time(0), Make.time(86_400))
            for (step, device, tenant) in [
                (Duration.seconds(900), nil, nil), (.seconds(3600), nil, nil), (.seconds(86_400), nil, nil),
                (.seconds(900), "asic:b", nil), (.seconds(900), nil, "acme, inc."), (.seconds(900), "asic:d", nil),
                (.seconds(900), "pdu:x", nil),
            ] as [(Duration, String?, String?)] {
                let rows = try await ledger.reader.intervals(
                    from: day.0, to: day.1, step: step, device: device, tenant: tenant)
                let encoded = try await ledger.reader.encodedIntervals(
                    from: day.0, to: day.1, step: step, device: device, tenant: tenant, format: format)
                let expected = format == .csv ? IntervalExport.csv(rows) : IntervalExport.json(rows)
                #expect(encoded.text == expected, "step \(step), device \(device ?? "-"), tenant \(tenant ?? "-")")
                #expect(encoded.count == expected.utf8.count)
                if device == "asic:d" {
                    #expect(!rows.isEmpty && rows.allSatisfy { $0.start >= Make.time(43_200) }, "the second half's")
                }
            }
        }
    }
}
