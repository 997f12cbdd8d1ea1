import Testing

@testable import FleetCore

@Suite struct TimestampTests {
    @Test func printsRFC3339UTCWithMilliseconds() {
        #expect(Timestamp(millisecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_796_000_000_123).rfc3339 == "2026-11-30T00:53:20.123Z")
    }

    @Test func parsesWhatItPrints() {
        let t = Timestamp(millisecondsSinceEpoch: 1_796_000_000_123)
        #expect(Timestamp(rfc3339: t.rfc3339) == t)
    }

    @Test func parsesOffsetsIntoUTC() {
        #expect(
            Timestamp(rfc3339: "2026-12-01T22:00:00+02:00") == Timestamp(rfc3339: "2026-12-01T20:00:00Z"))
    }

    @Test func rejectsMalformedTimes() {
        for text in ["", "2026-13-01T00:00:00Z", "2026-12-01 20:00", "2026-12-01T20:00:00", "2026-12-01T20:00:00.Z"] {
            #expect(Timestamp(rfc3339: text) == nil, "\(text)")
        }
    }
}
