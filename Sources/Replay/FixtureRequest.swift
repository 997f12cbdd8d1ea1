import Foundation

/// A cgminer request as a fixture miner reads it: JSON `{"command":..,"parameter":..}` or text `command|parameter`.
struct FixtureRequest {
    var command: String
    var parameter: String?
    var invalidJSON = false

    init(command: String, parameter: String?, invalidJSON: Bool = false) {
        self.command = command
        self.parameter = parameter
        self.invalidJSON = invalidJSON
    }

    /// Parses a complete request, or returns nil while more bytes may still come. With `final`, whatever arrived is
    /// the whole request.
    init?(bytes: [UInt8], final: Bool = false) {
        var end = bytes.endIndex
        while end > 0, [0x00, 0x0A, 0x0D, 0x20].contains(bytes[end - 1]) { end -= 1 }
        let trimmed = bytes[..<end]
        guard let first = trimmed.first else {
            if final { self.init(command: "", parameter: nil, invalidJSON: true) } else { return nil }
            return
        }
        if first == UInt8(ascii: "{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) as? [String: Any] else {
                if final { self.init(command: "", parameter: nil, invalidJSON: true) } else { return nil }
                return
            }
            guard let command = object["command"] as? String else {
                self.init(command: "", parameter: nil, invalidJSON: true)
                return
            }
            self.init(command: command, parameter: object["parameter"].map { "\($0)" })
        } else {
            // Text form: cgminer answers the first recv as the whole request.
            let text = String(decoding: trimmed, as: UTF8.self)
            let parts = text.split(separator: "|", maxSplits: 1)
            self.init(command: parts.first.map(String.init) ?? "", parameter: parts.count > 1 ? String(parts[1]) : nil)
        }
    }
}
