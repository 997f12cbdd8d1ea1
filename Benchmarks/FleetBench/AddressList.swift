import ArgumentParser
import Foundation
import MinerRPC

/// One line of the addresses file that `fleet-agent fixtures serve --addresses-out` writes:
/// `host:port<TAB>fixture-folder`.
struct BenchTarget: Sendable {
    var address: MinerAddress
    var fixture: String
}

enum AddressList {
    /// Reads `host:port<TAB>fixture` lines; blank lines and `#` comments are skipped.
    static func load(path: String) throws -> [BenchTarget] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var targets: [BenchTarget] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: "\t", maxSplits: 1)
            do {
                let address = try MinerAddress(parsing: String(fields[0]))
                let fixture = fields.count > 1 ? String(fields[1]) : ""
                targets.append(BenchTarget(address: address, fixture: fixture))
            } catch {
                throw ValidationError("\(path):\(number + 1): \(error)")
            }
        }
        return targets
    }
}
