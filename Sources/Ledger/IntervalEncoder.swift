import FleetCore

/// Writes energy rows as CSV or JSON text straight into memory. Each device's and tenant's name is encoded once per
/// query and each interval's start and end once per interval, together with the separators and keys around them, so
/// a row is four copies from `texts` and four numbers written in place, into room checked once: no reference
/// counting and no `String` per row. `IntervalExport` frames the rows (the CSV header, the JSON brackets).
///
/// A CSV row is `device,tenant,start,end,energy_j,avg_w,peak_w,coverage,quality\n`; a JSON row is `,\n{...}` with
/// the keys in column order (the first row's comma is dropped when the array is framed).
///
/// Unchecked `Sendable`: its two pointers point into its own `chunks`; one task fills it, then hands it over whole.
struct IntervalEncoder: IntervalRowSink, @unchecked Sendable {
    let format: IntervalExport.Format
    /// Every piece of text a row copies, as this format writes it (`Piece`).
    private var texts: [UInt8] = []
    /// Where each device's and tenant's piece is in `texts`, by id.
    private var devices: [Range<Int>] = []
    private var tenants: [Range<Int>] = []
    /// What goes before each column's value: CSV `,` (nothing before the first); JSON `,\n{"device":`, `,"tenant":`...
    private let separators: [String]
    /// The pieces for a device the names do not hold, for no tenant, and for an unknown number (CSV: nothing; JSON:
    /// `null`); each quality's by rank (`PowerQuality.rank`, 1...3; at 0 no quality's).
    private var unnamed = 0..<0
    private var noTenant = 0..<0
    private var unknown = 0..<0
    private var qualities: [Range<Int>] = []
    /// The separators before `avg_w`, `peak_w` and `coverage`.
    private var numberSeparators: [Range<Int>] = []
    /// The current interval and its piece: start and end with what goes around them.
    private var interval: (startMs: Int64, endMs: Int64)?
    private var times = 0..<0
    /// The longest row's bytes but its device's and tenant's: times, separators, numbers, quality.
    private var fixedRoom = 0
    /// The longest device and tenant pieces.
    private var namesRoom = 0
    private let chunks = ByteChunks()
    /// Where the next row goes in the room `chunks` gave, and where that room ends.
    private var next: UnsafeMutablePointer<UInt8>?
    private var limit: UnsafeMutablePointer<UInt8>?

    /// For the rows of a query, whose ids `names` resolves.
    init(format: IntervalExport.Format, names: IntervalNames) {
        self.init(format: format)
        devices = names.deviceNames.map { add(device: $0) }
        tenants = names.tenantNames.map { add(tenant: $0) }
        namesRoom = (devices.map(\.count).max() ?? 0) + (tenants.map(\.count).max() ?? 0)
    }

    /// For rows that come with their names (`IntervalExport.encode(_:as:)`): names encoded as they come.
    init(format: IntervalExport.Format) {
        self.format = format
        separators = EnergyInterval.columns.indices.map { column in
            switch format {
            case .csv: column == 0 ? "" : ","
            case .json: (column == 0 ? ",\n{" : ",") + "\"\(EnergyInterval.columns[column])\":"
            }
        }
        unnamed = add(device: "")
        noTenant = add(tenant: nil)
        unknown = add(Array((format == .csv ? "" : "null").utf8))
        numberSeparators = (5...7).map { add(Array(separators[$0].utf8)) }
        let names = [nil] + [PowerQuality.measured, .reported, .estimated].map(\.rawValue)
        qualities = names.map { name in
            let text = format == .csv ? (name ?? "") : (name.map { "\"\($0)\"" } ?? "null")
            return add(Array((separators[8] + text + (format == .csv ? "\n" : "}")).utf8))
        }
        let timesRoom = 2 * Self.time(0, format: format).count + separators[3].utf8.count + separators[4].utf8.count
        fixedRoom =
            timesRoom + numberSeparators.map(\.count).reduce(0, +) + 4 * DecimalText.maxLength
            + qualities.map(\.count).max()!
    }

    mutating func bucket(startMs: Int64, endMs: Int64) {
        interval = (startMs, endMs)
        times = add(
            Self.time(startMs, format: format) + Array(separators[3].utf8) + Self.time(endMs, format: format)
                + Array(separators[4].utf8))
    }

    mutating func row(_ row: SummedInterval) {
        let device = devices.indices.contains(Int(row.deviceID)) ? devices[Int(row.deviceID)] : unnamed
        let tenant = tenants.indices.contains(Int(row.tenantID)) ? tenants[Int(row.tenantID)] : noTenant
        write(device: device, tenant: tenant, row)
    }

    /// A decoded row, its names and times encoded here.
    mutating func row(_ interval: EnergyInterval) {
        let (startMs, endMs) = (interval.start.millisecondsSinceEpoch, interval.end.millisecondsSinceEpoch)
        if self.interval.map({ $0 != (startMs, endMs) }) ?? true { bucket(startMs: startMs, endMs: endMs) }
        let device = add(device: interval.device)
        let tenant = add(tenant: interval.tenant)
        namesRoom = device.count + tenant.count
        write(
            device: device, tenant: tenant,
            SummedInterval(
                deviceID: 0, tenantID: 0, energyJ: interval.energyJ, avgW: interval.avgW, peakW: interval.peakW,
                coverage: interval.coverage, quality: interval.quality))
        texts.removeSubrange(device.lowerBound...)
    }

    /// The rows written so far.
    func written() -> ByteChunks {
        if let next { chunks.commit(upTo: next) }
        return chunks
    }

    private mutating func write(device: Range<Int>, tenant: Range<Int>, _ row: SummedInterval) {
        let needed = fixedRoom + namesRoom
        var next: UnsafeMutablePointer<UInt8>
        if let current = self.next, let limit, limit - current >= needed {
            next = current
        } else {
            if let current = self.next { chunks.commit(upTo: current) }
            let room = chunks.room(atLeast: needed)
            next = room.baseAddress!
            limit = next + room.count
        }
        texts.withUnsafeBufferPointer { texts in
            func text(_ range: Range<Int>) {
                next.update(from: texts.baseAddress! + range.lowerBound, count: range.count)
                next += range.count
            }
            func number(_ value: Double?) {
                guard let value, value.isFinite else { return text(unknown) }
                next = DecimalText.write(value, at: next)
            }
            text(device)
            text(tenant)
            text(times)
            number(row.energyJ)
            text(numberSeparators[0])
            number(row.avgW)
            text(numberSeparators[1])
            number(row.peakW)
            text(numberSeparators[2])
            number(row.coverage)
            text(qualities[row.quality?.rank ?? 0])
        }
        self.next = next
    }

    /// Appends `text` to `texts`; where it is.
    private mutating func add(_ text: [UInt8]) -> Range<Int> {
        texts.append(contentsOf: text)
        return (texts.count - text.count)..<texts.count
    }

    /// A device's piece: the name with what goes before it and between it and the tenant.
    private mutating func add(device name: String) -> Range<Int> {
        add(Array(separators[0].utf8) + Self.text(name: name, format: format) + Array(separators[1].utf8))
    }

    /// A tenant's piece: the name (or none) and what goes between it and the start.
    private mutating func add(tenant name: String?) -> Range<Int> {
        add(Self.text(name: name, format: format) + Array(separators[2].utf8))
    }

    /// A name as this format writes it: CSV quotes it when it holds a comma, a quote or a line break (RFC 4180),
    /// and writes no tenant as nothing; JSON writes a string literal, or `null` for no tenant.
    private static func text(name: String?, format: IntervalExport.Format) -> [UInt8] {
        switch format {
        case .csv: return name.map(csvField) ?? []
        case .json: return name.map { Array(ReadingJSONWriter.quoted($0).utf8) } ?? Array("null".utf8)
        }
    }

    /// RFC 3339 UTC with milliseconds, quoted for JSON.
    private static func time(_ ms: Int64, format: IntervalExport.Format) -> [UInt8] {
        let text = Timestamp(millisecondsSinceEpoch: ms).rfc3339
        return format == .csv ? Array(text.utf8) : Array("\"\(text)\"".utf8)
    }

    /// The field as is, or quoted with its quotes doubled when it holds a comma, a quote or a line break.
    private static func csvField(_ text: String) -> [UInt8] {
        let special = text.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
        }
        guard special else { return Array(text.utf8) }
        var out = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
