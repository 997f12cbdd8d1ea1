import CGMinerJSON

/// Replies a fixture miner makes up for commands it never recorded (control commands, and reads only its emulation
/// answers): SYNTHETIC, in the shape of the family's documented replies.
enum SyntheticReply {
    /// cgminer's shape: `{"STATUS":[{STATUS, When, Code, Msg, Description}], "<section>": <body>, "id": 1}`.
    static func cgminer(
        _ letter: String, code: Int, message: String, description: String, when: Int, section: String? = nil,
        body: JSONValue? = nil
    ) -> [UInt8] {
        var object: [String: JSONValue] = [
            "STATUS": .array([
                .object([
                    "STATUS": .string(letter), "When": .number(Double(when)), "Code": .number(Double(code)),
                    "Msg": .string(message), "Description": .string(description),
                ])
            ]),
            "id": .number(1),
        ]
        if let section, let body { object[section] = body }
        return ReplyJSON.bytes(.object(object))
    }

    /// An error STATUS (`E`).
    static func refusal(code: Int, _ message: String, description: String, when: Int) -> [UInt8] {
        cgminer("E", code: code, message: message, description: description, when: when)
    }
}
