import FleetCore
import Foundation

/// An inventory file: the NDJSON that `probe --json` (or `readings`) prints, one reading per line; blank lines are
/// skipped, the latest reading of each device counts.
public enum InventoryFile {
    /// What stops an inventory file from being read.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case badLine(path: String, line: Int, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
            case .badLine(let path, let line, let reason): "\(path):\(line): not a reading: \(reason)"
            }
        }
    }

    public static func load(path: String) throws(Failure) -> DeviceInventory {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return try parse(text, file: path)
    }

    /// The inventory in NDJSON `text` (named `file` in errors).
    public static func parse(_ text: String, file: String) throws(Failure) -> DeviceInventory {
        var readings: [Reading] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            do {
                // The same screen as a polled reading: a value no device can have (negative or infinite watts,
                // 1e30 W) is dropped and named in `rejected`, never counted against the budget.
                var reading = try ReadingJSONReader.reading(String(line))
                reading.screenImplausibleValues()
                readings.append(reading)
            } catch {
                throw .badLine(path: file, line: index + 1, reason: Self.reason(error))
            }
        }
        return DeviceInventory(readings: readings)
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "missing \(key.stringValue)"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            (context.codingPath.last.map { "\($0.stringValue): " } ?? "") + context.debugDescription
        default: "\(error)"
        }
    }
}
