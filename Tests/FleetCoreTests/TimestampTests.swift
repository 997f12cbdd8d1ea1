import Testing

@testable import FleetCore

@Suite struct TimestampTests {
    @Test func printsRFC3339UTCWithMilliseconds() {
        #expect(Timestamp(millisecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_796_000_000_123).rfc3339 == "2026-11-30T00:53:20.123Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test func parsesWhatItPrints() {
        let t = Timestamp(millisecondsSinceEpoch: 1_796_000_000_123)
        #expect(Timestamp(rfc3339: t.rfc3339) == t)
    }

    /// Accepted forms and the instant each names (milliseconds since the epoch, worked out independently).
    @Test(
        arguments: [
            ("2026-11-28T09:56:33.123Z", 1_795_859_793_123),
            ("2026-11-28T09:56:33Z", 1_795_859_793_000),
            ("2026-12-01T22:00:00+02:00", 1_796_155_200_000),
            ("2026-12-01T22:00:00.5-05:30", 1_796_182_200_500),
            ("2026-12-01T20:00:00.123+00:00", 1_796_155_200_123),
            ("2026-12-31T23:59:59.999-23:59", 1_798_847_939_999),
            ("1969-12-31T23:59:59.999Z", -1),
        ] as [(String, Int64)])
    func parsesZAndOffsetsWithAndWithoutFraction(_ text: String, _ milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.millisecondsSinceEpoch == milliseconds)
    }

    @Test func parsesFebruary29OfLeapYears() {
        #expect(Timestamp(rfc3339: "2024-02-29T12:00:00Z")?.millisecondsSinceEpoch == 1_709_208_000_000)
        // Divisible by 400: a leap year although a century.
        #expect(Timestamp(rfc3339: "2000-02-29T00:00:00Z")?.millisecondsSinceEpoch == 951_782_400_000)
    }

    @Test func dropsFractionDigitsPastTheThird() {
        #expect(Timestamp(rfc3339: "2026-11-28T09:56:33.1239Z")?.millisecondsSinceEpoch == 1_795_859_793_123)
        #expect(Timestamp(rfc3339: "2026-11-28T09:56:33.999999999Z")?.millisecondsSinceEpoch == 1_795_859_793_999)
    }

    @Test func acceptsTheLowerCaseAndSpaceSpellingsRFC3339Allows() {
        let expected = Timestamp(rfc3339: "2026-12-01T20:00:00Z")
        #expect(expected != nil)
        for text in ["2026-12-01t20:00:00z", "2026-12-01 20:00:00Z"] { #expect(Timestamp(rfc3339: text) == expected) }
    }

    /// Dates and times that do not exist, in the exact form otherwise.
    @Test(arguments: [
        "2026-02-31T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T23:60:00Z", "2026-12-31T23:59:60Z",
    ])
    func rejectsImpossibleDates(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    /// Texts outside RFC 3339's form, several of which Foundation's own ISO 8601 parser would read.
    @Test(arguments: [
        "", "2026-12-01 20:00", "2026-12-01T20:00:00", "2026-12-01T20:00:00.Z", "2026-12-01T20:00:00,5Z",
        "2026-12-01T20:00:00ZZ", "2026-12-01T20:00:00Zjunk", "2026-12-01T20:00:00+02:00junk",
        "2026-12-01T20:00:00+0200", "2026-12-01T20:00:00+02", "2026-12-01T20:00:00+2:00",
        "2026-12-01T20:00:00+02:60", "2026-12-01T20:00:00+24:00", "2026-12-1T20:00:00Z", "26-12-01T20:00:00Z",
        "2026-12-01T2:00:00Z", "20261201T200000Z", " 2026-12-01T20:00:00Z", "2026-12-01T20:00:00Z ",
        "2026-12-01X20:00:00Z",
    ])
    func rejectsMalformedTimes(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}
