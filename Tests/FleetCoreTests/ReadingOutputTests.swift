import Foundation
import Testing

@testable import FleetCore

/// The table and the JSON lines are total: every Double and every string formats, and nothing a device sends
/// reaches a terminal raw.
@Suite struct ReadingOutputTests {
    static let awkwardNumbers: [Double] = [
        0, -0.0, 1, -1, 0.5, 1e30, -1e30, 1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNonzeroMagnitude, .infinity, -.infinity, .nan, Double(Int.max), -Double(Int.max), 9.3e18,
    ]
    static let awkwardStrings = [
        "", "plain", "\u{1B}[2J\u{1B}[31mred", "line\nbreak", "cr\rreturn", "tab\tstop", "nul\u{0}byte", "\u{7F}",
        "\u{9B}31m", "bidi\u{202E}txet", "back\\slash", "ünïcödé ⚡",
    ]

    /// A deterministic generator: each field gets an awkward number or string.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func number() -> Double? {
            let i = next(awkwardNumbers.count + 1)
            return i == awkwardNumbers.count ? nil : awkwardNumbers[i]
        }
        mutating func string() -> String { awkwardStrings[next(awkwardStrings.count)] }
    }

    static func randomReading(_ g: inout Generator) -> Reading {
        var r = Reading(
            time: Timestamp(millisecondsSinceEpoch: Int64(g.next(1 << 30))), host: g.string(),
            device: g.next(4) == 0 ? .asic(endpoint: g.string()) : .asic(endpoint: "10.0.0.\(g.next(255)):4028"),
            kind: g.next(2) == 0 ? .asic : .gpu, address: g.string(),
            status: [.ok, .error, .sleeping, .unreachable][g.next(4)], error: g.next(2) == 0 ? nil : g.string())
        r.model = g.string()
        r.firmware = g.string()
        r.powerW = g.number()
        r.powerQuality = [nil, .measured, .reported, .estimated][g.next(4)]
        r.powerLimitW = g.number()
        r.hashrateHs = g.number()
        r.tempMaxC = g.number()
        r.tempChipC = [g.number(), g.number()].compactMap { $0 }
        r.fansRPM = [g.number(), g.number()].compactMap { $0 }
        r.gpuUtilPct = g.number()
        r.memUsedBytes = g.number()
        r.energyJ = g.number()
        if g.next(2) == 0 {
            r.rejected = [RejectedValue(field: "power_w", value: g.string(), reason: g.string(), lower: 0, upper: 1)]
        }
        return r
    }

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { VisibleText.isControl($0) && $0 != "\n" }
    }

    @Test func fuzzedReadingsAlwaysFormatAsATableWithoutControlCharacters() {
        var g = Generator(state: 42)
        for _ in 0..<2_000 {
            let readings = (0..<3).map { _ in Self.randomReading(&g) }
            let table = ReadingOutput.table(readings)
            #expect(!Self.hasControlCharacters(table))
            #expect(table.split(separator: "\n").count >= 4, "a header and a row per reading")
        }
    }

    @Test func fuzzedReadingsAlwaysEncodeAsOneJSONObjectWithTheIdentifyingFields() throws {
        var g = Generator(state: 7)
        for _ in 0..<2_000 {
            let reading = Self.randomReading(&g)
            let line = ReadingOutput.jsonLine(reading)
            #expect(!line.contains("\n"))
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["address"] as? String == reading.address)
            #expect(object["device"] as? String == reading.device.description)
            #expect(object["status"] as? String == reading.status.rawValue)
            if let power = reading.powerW, !power.isFinite { #expect(object["power_w"] is NSNull) }
        }
    }

    @Test func hugeValuesPrintAsNumbersNotTraps() {
        var r = Reading(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "h", device: DeviceID("asic:x")!, kind: .asic,
            address: "a:1")
        r.powerW = 1e30
        r.powerLimitW = .infinity
        r.fansRPM = [1e30]
        r.hashrateHs = 1e36
        let table = ReadingOutput.table([r])
        #expect(table.contains("1e+30 W ?"))
        #expect(table.contains("inf W"))
        #expect(table.contains("1e+21 PH/s"))
    }

    @Test func escapesFromAMinerAreMadeVisible() {
        #expect(VisibleText.escaping("\u{1B}[31mred\u{1B}[0m") == "\\e[31mred\\e[0m")
        #expect(VisibleText.escaping("a\nb\rc\u{0}d") == "a\\nb\\rc\\x00d")
        #expect(VisibleText.escaping("\u{9B}2J") == "\\u{9B}2J")
        #expect(VisibleText.escaping("plain ünïcödé") == "plain ünïcödé")
        var r = Reading(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "h", device: DeviceID("asic:x")!, kind: .asic,
            address: "a:1",
            status: .error, error: "STATUS E: \u{1B}[2J\u{1B}[31mpwned")
        r.model = "S19\u{1B}]0;title\u{7}"
        let table = ReadingOutput.table([r])
        #expect(!table.contains("\u{1B}") && !table.contains("\u{7}"))
        #expect(table.contains("\\e[2J\\e[31mpwned"))
    }
}
