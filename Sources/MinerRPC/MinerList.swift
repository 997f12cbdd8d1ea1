import FleetCore

/// Miner addresses written one a line, as in `probe --miners-file` (and the agent config's list to come).
///
/// `#` starts a comment, on a line of its own or after an address; blank lines are skipped; spaces and tabs around an
/// address are ignored. Every other line must be one address that `MinerAddress(parsing:)` accepts, kept as written
/// (without its comment) in `original`.
public enum MinerList {
    /// The addresses of `text`, in order. `file` names the source in errors, which also give the line (from 1).
    public static func parse(_ text: String, file: String) throws(MinerListError) -> [MinerAddress] {
        var addresses: [MinerAddress] = []
        // `isNewline` also ends a line at "\r\n", one Character to Swift, so a file saved on Windows reads the same.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let entry = String(line.prefix { $0 != "#" }).trimmingBlanks()
            guard !entry.isEmpty else { continue }
            do {
                addresses.append(try MinerAddress(parsing: String(entry)))
            } catch {
                throw MinerListError(file: file, line: index + 1, reason: error.description)
            }
        }
        return addresses
    }
}

/// A miner list that could not be read: the file, the line when one is at fault, and why.
public struct MinerListError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// The line at fault, from 1; nil when the file as a whole could not be read.
    public let line: Int?
    public let reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `FILE:LINE: reason`, or `FILE: reason`.
    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}
