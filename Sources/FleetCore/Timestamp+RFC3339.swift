import Foundation

extension Timestamp {
    /// Parses an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS[.fraction]` then `Z` or a `±HH:MM` offset
    /// (`2026-11-28T09:56:33.123Z`, `2026-12-01T22:00:00+02:00`), into the UTC instant it names. Fraction digits
    /// past the third are dropped.
    ///
    /// Foundation's Gregorian calendar checks the fields and turns them into an instant, so a date or time that does
    /// not exist is nil: February 31, February 29 of a common year, month 13, hour 24, minute or second 60 (a leap
    /// second has no instant of its own in milliseconds since the epoch). So is anything outside that exact form
    /// (`RFC3339Fields`; `t`, `z` and a space for `T` are in it, as RFC 3339 allows): one-digit fields, `+0200`, an
    /// offset beyond 23:59, bytes after the offset. Foundation's ISO 8601 parser is not used for the text: it reads
    /// all of those, rolls February 31 over into March, and holds the fraction in a double.
    public init?(rfc3339 text: String) {
        guard let fields = RFC3339Fields(text) else { return nil }
        // The fields as if in UTC, then the offset taken off (TimeZone(secondsFromGMT:) stops at 18 hours; RFC 3339
        // offsets go to 23:59).
        let components = DateComponents(
            calendar: Self.utc, year: fields.year, month: fields.month, day: fields.day, hour: fields.hour,
            minute: fields.minute, second: fields.second)
        guard components.isValidDate, let date = Self.utc.date(from: components) else { return nil }
        // Whole seconds: exact in a double.
        let seconds = Int64(date.timeIntervalSince1970) - Int64(fields.offsetSeconds)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(fields.millisecond))
    }

    /// The proleptic Gregorian calendar in UTC.
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()
}
