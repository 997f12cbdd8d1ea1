import Foundation

/// A cgminer request as a fixture miner reads it: JSON `{"command":..,"parameter":..}` or text `command|parameter`.
/// Only the command is kept: a fixture miner answers every parameter the same way.
struct FixtureRequest {
    var command: String
    var invalidJSON = false

    /// A request that is not valid JSON (cgminer answers Code 23).
    static let invalid = FixtureRequest(command: "", invalidJSON: true)

    init(command: String, invalidJSON: Bool = false) {
        self.command = command
        self.invalidJSON = invalidJSON
    }

    /// Parses a complete request, or returns nil while more bytes may still come. With `final`, whatever arrived is
    /// the whole request.
    init?(bytes: [UInt8], final: Bool = false) {
        var end = bytes.endIndex
        while end > 0, [0x00, 0x0A, 0x0D, 0x20].contains(bytes[end - 1]) { end -= 1 }
        let trimmed = bytes[..<end]
        guard let first = trimmed.first else {
            if final { self = .invalid } else { return nil }
            return
        }
        if first == UInt8(ascii: "{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) as? [String: Any] else {
                if final { self = .invalid } else { return nil }
                return
            }
            guard let command = object["command"] as? String else {
                self = .invalid
                return
            }
            self.init(command: command)
        } else {
            // Text form: cgminer answers the first recv as the whole request.
            let text = String(decoding: trimmed, as: UTF8.self)
            self.init(command: text.split(separator: "|", maxSplits: 1).first.map(String.init) ?? "")
        }
    }
}
