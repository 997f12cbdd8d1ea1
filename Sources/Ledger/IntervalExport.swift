/// Energy intervals as CSV or JSON for billing, with exactly the columns of `EnergyInterval.columns`: `device`,
/// `tenant`, `start`, `end`, `energy_j`, `avg_w`, `peak_w`, `coverage`, `quality`. Times are RFC 3339 UTC with
/// milliseconds, numbers are in their shortest exact decimal form, an unknown value is empty (CSV) or `null` (JSON).
/// CSV is a header line and one line per row, each ending in `\n`, fields holding a comma, a quote or a line break
/// quoted as RFC 4180 says; JSON is an array with one object per row (one per line), the keys in column order.
///
/// `LedgerReader.encodedIntervals` writes the ledger's rows straight into this text; `csv(_:)` and `json(_:)` write
/// rows already decoded, byte for byte the same.
public enum IntervalExport {
    /// The two texts an energy table is exported as.
    public enum Format: String, Sendable {
        case csv, json
    }

    /// The rows as CSV text.
    public static func csv(_ rows: [EnergyInterval]) -> String { encode(rows, as: .csv).text }

    /// The rows as a JSON array.
    public static func json(_ rows: [EnergyInterval]) -> String { encode(rows, as: .json).text }

    /// The rows in `format`.
    public static func encode(_ rows: [EnergyInterval], as format: Format) -> Encoded {
        var encoder = IntervalEncoder(format: format)
        for row in rows { encoder.row(row) }
        return framed([encoder.written()], as: format)
    }

    /// `IntervalEncoder`'s rows, written in parts, framed: the CSV header before them, or the JSON array's brackets
    /// around them (the first row's leading comma dropped).
    static func framed(_ parts: [ByteChunks], as format: Format) -> Encoded {
        let rows = parts.filter { $0.count > 0 }
        switch format {
        case .csv:
            return Encoded(pieces: [ByteChunks((EnergyInterval.columns.joined(separator: ",") + "\n").utf8)] + rows)
        case .json:
            rows.first?.dropFirst()
            return Encoded(pieces: [ByteChunks("[".utf8)] + rows + [ByteChunks((rows.isEmpty ? "]\n" : "\n]\n").utf8)])
        }
    }
}
