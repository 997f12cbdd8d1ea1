import CGMinerJSON
import NIOCore

/// Turns the raw bytes of a cgminer reply into a `CGMinerReply`: the JSON through `CGMinerJSON.parse` (strict, repaired
/// only when the bytes need it), then the STATUS in any of its shapes and, for a joined reply, each command's section.
/// An `E` or `F` STATUS is thrown as `CGMinerError.firmwareStatus`.
public enum CGMinerDecoder {
    /// Decodes the reply to one command. Throws a `CGMinerError`: `emptyReply`, `truncatedReply`, `malformedJSON` or
    /// `firmwareStatus`.
    public static func decode(command: String, bytes: [UInt8]) throws(CGMinerError) -> CGMinerReply {
        try reply(command: command, bytes: bytes)
    }

    /// Decodes a joined reply (`{"summary":[{...}],"stats":[{...}],"id":1}`) into one result per command. A section's
    /// own `E` STATUS fails that command only; a reply that cannot be decoded, or a single `E` reply for the whole
    /// join, fails every command.
    public static func decodeJoined(commands: [String], bytes: [UInt8]) -> CGMinerResults {
        joined(commands: commands, bytes: bytes).results
    }

    static func reply(command: String, bytes: [UInt8]) throws(CGMinerError) -> CGMinerReply {
        let parsed = try json(bytes)
        return try reply(command: command, value: parsed.value, repairs: parsed.repairs)
    }

    /// `reply(command:bytes:)` on the buffer the client collected the reply in.
    static func reply(command: String, buffer: ByteBuffer) throws(CGMinerError) -> CGMinerReply {
        let parsed = try json(buffer)
        return try reply(command: command, value: parsed.value, repairs: parsed.repairs)
    }

    /// The reply's JSON value and repairs, read in place in the buffer.
    static func json(_ buffer: ByteBuffer) throws(CGMinerError) -> CGMinerJSON.Parsed {
        let result = buffer.withUnsafeReadableBytes { raw in
            Result { () throws(CGMinerJSONError) in try CGMinerJSON.parse(raw.assumingMemoryBound(to: UInt8.self)) }
        }
        return try result.mapError { CGMinerError($0, byteCount: buffer.readableBytes) }.get()
    }

    /// The reply's JSON value and repairs.
    static func json(_ bytes: [UInt8]) throws(CGMinerError) -> CGMinerJSON.Parsed {
        try Result { () throws(CGMinerJSONError) in try CGMinerJSON.parse(bytes) }
            .mapError { CGMinerError($0, byteCount: bytes.count) }.get()
    }

    static func reply(
        command: String, value: JSONValue, repairs: CGMinerJSON.Repairs
    ) throws(CGMinerError)
        -> CGMinerReply
    {
        guard case .object(let top) = value else {
            throw .malformedJSON(position: 0, reason: "the reply is \(value.kindName), not a JSON object", excerpt: "")
        }
        let status = CGMinerStatus(reply: top)
        if status.isError {
            throw .firmwareStatus(
                command: command, letter: status.letter, code: status.code, message: status.message ?? "")
        }
        return CGMinerReply(command: command, status: status, body: value, repairs: repairs)
    }

    /// The results of a joined request, and whether the firmware rejected the join as a whole (so that the caller
    /// should ask one command per connection instead).
    struct Joined {
        var results: CGMinerResults
        var rejected: Bool
    }

    static func joined(commands: [String], bytes: [UInt8]) -> Joined {
        joined(commands: commands, json: Result { () throws(CGMinerError) in try json(bytes) })
    }

    /// `joined(commands:bytes:)` on the buffer the client collected the reply in.
    static func joined(commands: [String], buffer: ByteBuffer) -> Joined {
        joined(commands: commands, json: Result { () throws(CGMinerError) in try json(buffer) })
    }

    private static func joined(commands: [String], json: Result<CGMinerJSON.Parsed, CGMinerError>) -> Joined {
        let value: JSONValue
        let repairs: CGMinerJSON.Repairs
        switch json {
        case .success(let parsed): (value, repairs) = (parsed.value, parsed.repairs)
        case .failure(let error): return Joined(results: failing(commands, with: error), rejected: true)
        }
        guard case .object(let top) = value else {
            let error = CGMinerError.malformedJSON(
                position: 0, reason: "the reply is \(value.kindName), not a JSON object", excerpt: "")
            return Joined(results: failing(commands, with: error), rejected: true)
        }
        var results: CGMinerResults = [:]
        var found = 0
        for command in commands {
            guard let section = section(command, in: top) else {
                results[command] = .failure(.missingSection(command: command))
                continue
            }
            found += 1
            results[command] = Result { () throws(CGMinerError) in
                try reply(command: command, value: section, repairs: repairs)
            }
        }
        if found == 0 {
            let status = CGMinerStatus(reply: top)
            if status.isError {
                let error = CGMinerError.firmwareStatus(
                    command: commands.joined(separator: "+"), letter: status.letter, code: status.code,
                    message: status.message ?? "")
                return Joined(results: failing(commands, with: error), rejected: true)
            }
            return Joined(results: results, rejected: true)
        }
        return Joined(results: results, rejected: false)
    }

    /// The complete reply inside a joined reply's section: `"stats":[{...}]` (cgminer) or `"stats":{...}` (API-README).
    private static func section(_ command: String, in top: [String: JSONValue]) -> JSONValue? {
        let value = top[command]
        switch value {
        case .array(let items)?:
            return items.first { $0.objectValue != nil }
        case .object?:
            return value
        default:
            return nil
        }
    }

    private static func failing(
        _ commands: [String], with error: CGMinerError
    )
        -> CGMinerResults
    {
        Dictionary(commands.map { ($0, .failure(error)) }, uniquingKeysWith: { first, _ in first })
    }
}

extension CGMinerStatus {
    /// Reads the STATUS of one reply object in any of its shapes: cgminer's `"STATUS":[{"STATUS":"S",...}]`, the
    /// 2022+ Bitmain `"STATUS":{"STATUS":"S",...}`, Whatsminer's `"STATUS":"S"` with `Code`/`Msg` beside it, and
    /// Whatsminer API v3's `code`/`msg`. A reply without any gets an empty letter.
    init(reply top: [String: JSONValue]) {
        switch top["STATUS"] {
        case .array(let entries)?:
            self.init(entry: entries.first?.objectValue ?? [:])
        case .object(let entry)?:
            self.init(entry: entry)
        case .string?:
            self.init(entry: top)
        default:
            if let code = top["code"].flatMap(Self.int) {
                self.init(
                    letter: code == 0 ? "S" : "E", code: code, message: top["msg"]?.stringValue,
                    description: top["desc"]?.stringValue, when: top["when"]?.doubleValue)
            } else {
                self.init(letter: "", code: nil, message: nil, description: nil)
            }
        }
    }

    private init(entry: [String: JSONValue]) {
        self.init(
            letter: (entry["STATUS"]?.stringValue ?? "").uppercased(),
            code: (entry["Code"] ?? entry["code"]).flatMap(Self.int),
            message: (entry["Msg"] ?? entry["msg"])?.stringValue,
            description: entry["Description"]?.stringValue,
            when: (entry["When"] ?? entry["when"])?.doubleValue)
    }

    private static func int(_ value: JSONValue) -> Int? {
        guard let d = value.doubleValue, d.rounded() == d, abs(d) < 1e15 else { return nil }
        return Int(d)
    }
}

extension JSONValue {
    /// `an object`, `a number`, ... for messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
