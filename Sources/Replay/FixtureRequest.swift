import Foundation

/// A cgminer request as a fixture miner reads it: JSON `{"command":..,"parameter":..}` or text `command|parameter`.
/// The parameter is kept for the control emulations (recorded replies answer every parameter the same way), and
/// Whatsminer's privileged envelope `{"enc":1,"data":"<base64>"}` is kept as `encryptedData` under the command `enc`.
struct FixtureRequest {
    var command: String
    var parameter: String?
    var encryptedData: String?
    var invalidJSON = false

    /// A request that is not valid JSON (cgminer answers Code 23).
    static let invalid = FixtureRequest(command: "", invalidJSON: true)

    init(command: String, parameter: String? = nil, encryptedData: String? = nil, invalidJSON: Bool = false) {
        self.command = command
        self.parameter = parameter
        self.encryptedData = encryptedData
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
            if object["enc"] != nil, let data = object["data"] as? String {
                self.init(command: "enc", encryptedData: data)
                return
            }
            guard let command = object["command"] as? String else {
                self = .invalid
                return
            }
            self.init(command: command, parameter: object["parameter"] as? String)
        } else {
            // Text form: cgminer answers the first recv as the whole request.
            let text = String(decoding: trimmed, as: UTF8.self)
            let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            self.init(command: parts.first ?? "", parameter: parts.count > 1 ? parts[1] : nil)
        }
    }
}
