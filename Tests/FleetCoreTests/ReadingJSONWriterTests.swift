import Foundation
import Testing

@testable import FleetCore

/// `ReadingJSONWriter` must write exactly what `ReadingOutput.jsonLine` writes, for every field and every awkward
/// value, so that the ledger's stored lines and `probe --json` never differ.
@Suite struct ReadingJSONWriterTests {
    /// Every field set (or not) from the awkward numbers and strings of `ReadingOutputTests`.
    static func everyField(_ g: inout ReadingOutputTests.Generator) -> Reading {
        var r = ReadingOutputTests.randomReading(&g)
        func maybe(_ text: String) -> String? { g.next(3) == 0 ? nil : text }
        r.seq = g.next(2) == 0 ? nil : Int64(g.next(1 << 30))
        // Any millisecond from 1900 to 2200, around the epoch, leap days and year ends included.
        let span = Int64(g.next(1 << 30)) * Int64(1 + g.next(1 << 12)) - 2_208_988_800_000
        r.time = Timestamp(millisecondsSinceEpoch: span)
        r.vendor = maybe(g.string())
        r.energyEpoch = maybe(g.string())
        r.tenant = maybe(g.string())
        r.hashrateAvgHs = g.number()
        r.tempBoardC = g.next(3) == 0 ? nil : [g.number() ?? 1, g.number() ?? 2]
        r.tempInletC = g.number()
        r.memTotalBytes = g.number()
        r.smClockMHz = g.number()
        r.pstate = maybe(g.string())
        r.throttle = g.next(3) == 0 ? nil : [g.string(), g.string()]
        r.powerSource = maybe(g.string())
        if g.next(3) == 0 {
            r.rejected = [
                RejectedValue(
                    field: g.string(), value: g.string(), reason: g.string(), lower: g.number(),
                    upper: g.number(), unit: maybe(g.string())),
                RejectedValue(field: "fans_rpm", value: "abc", reason: "not a number"),
            ]
        } else if g.next(4) == 0 {
            r.rejected = []
        }
        return r
    }

    @Test func writesWhatJSONLineWritesForFuzzedReadings() {
        var g = ReadingOutputTests.Generator(state: 2026)
        for _ in 0..<3_000 {
            let reading = Self.everyField(&g)
            #expect(ReadingJSONWriter.line(reading) == ReadingOutput.jsonLine(reading))
        }
    }

    @Test func writesTheTimeAsTimestampDoesAcrossCalendarEdges() {
        let edges: [Int64] = [
            -62_167_219_200_000, -1, 0, 951_782_399_999, 951_782_400_000, 4_107_542_399_999, 253_402_300_799_999,
            253_402_300_800_000, -62_167_219_200_001,
        ]
        for ms in edges {
            var r = Reading(
                time: Timestamp(millisecondsSinceEpoch: ms), host: "h", device: DeviceID("asic:x")!, kind: .asic,
                address: "a")
            r.seq = ms
            #expect(ReadingJSONWriter.line(r) == ReadingOutput.jsonLine(r), "\(ms)")
        }
    }

    @Test func writesWhatJSONLineWritesForTheOtherSuitesReadings() {
        var g = ReadingOutputTests.Generator(state: 7)
        for _ in 0..<1_000 {
            let reading = ReadingOutputTests.randomReading(&g)
            #expect(ReadingJSONWriter.line(reading) == ReadingOutput.jsonLine(reading))
        }
    }
}

/// `ReadingJSONReader` must give exactly what `JSONDecoder` gives for every line the writer writes.
@Suite struct ReadingJSONReaderTests {
    /// Lines `JSONDecoder` refuses (a list with a non-finite number, written as null) are refused too.
    @Test func readsBackWhatJSONDecoderReadsForFuzzedReadings() {
        var g = ReadingOutputTests.Generator(state: 1201)
        let decoder = JSONDecoder()
        var decoded = 0
        for _ in 0..<3_000 {
            let line = ReadingJSONWriter.line(ReadingJSONWriterTests.everyField(&g))
            let expected = try? decoder.decode(Reading.self, from: Data(line.utf8))
            let read = try? ReadingJSONReader.reading(line)
            #expect(read == expected, "\(line)")
            if expected != nil { decoded += 1 }
        }
        #expect(decoded > 500, "the fuzz must decode often enough to compare")
    }

    @Test func theFastPathTakesTheWritersLines() {
        var r = Reading(
            time: Timestamp(millisecondsSinceEpoch: 1_796_083_200_123), host: "h", device: .gpu(uuid: "a\"b"),
            kind: .gpu,
            address: "0000:17:00.0")
        r.seq = 9
        r.powerW = 301.5
        r.fansRPM = [1200, 1300]
        r.throttle = ["power_cap"]
        let line = ReadingJSONWriter.line(r)
        let fast = line.utf8.withContiguousStorageIfAvailable { ReadingJSONReader.fastReading($0) }
        #expect(fast == .some(r))
    }

    @Test func aLineThatIsNotAReadingThrowsWhatJSONDecoderThrows() {
        #expect(throws: DecodingError.self) { try ReadingJSONReader.reading("{\"time\":\"2026-02-30T00:00:00.000Z\"}") }
        #expect(throws: (any Error).self) { try ReadingJSONReader.reading("{\"seq\":1.5") }
    }

    @Test func timesInTheWritersFormReadAsTimestampDoes() {
        for ms: Int64 in [0, -1, 951_782_399_999, 951_782_400_000, 1_796_083_200_123, 253_402_300_799_999] {
            let text = Timestamp(millisecondsSinceEpoch: ms).rfc3339
            #expect(ReadingJSONReader.Fields.time(text) == Timestamp(rfc3339: text), "\(text)")
        }
        #expect(ReadingJSONReader.Fields.time("2025-02-29T00:00:00.000Z") == nil)
    }
}
