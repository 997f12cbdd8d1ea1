import CGMinerJSON

/// The results of reading several commands from one miner, by command name.
public typealias CGMinerResults = [String: Result<CGMinerReply, CGMinerError>]

/// One decoded reply to one cgminer command.
public struct CGMinerReply: Sendable, Equatable {
    /// The command this reply answers (`summary`, `stats`, ...).
    public var command: String
    /// The decoded STATUS entry (both the cgminer array shape and Whatsminer's string + object shape).
    public var status: CGMinerStatus
    /// The whole decoded JSON object, with STATUS, the sections (`SUMMARY`, `STATS`, `POOLS`, ...) and `id`.
    public var body: JSONValue
    /// What the repair pass had to fix in the raw bytes (`[]` for strict JSON).
    public var repairs: CGMinerJSON.Repairs

    public init(command: String, status: CGMinerStatus, body: JSONValue, repairs: CGMinerJSON.Repairs = []) {
        self.command = command
        self.status = status
        self.body = body
        self.repairs = repairs
    }

    /// The list under a section key, e.g. `section("STATS")`; Whatsminer's `Msg` object is returned as a one-element
    /// list by `section("Msg")`.
    public func section(_ name: String) -> [JSONValue] {
        guard let value = body[name] else { return [] }
        if case .array(let a) = value { return a }
        if case .object = value { return [value] }
        return []
    }
}

/// The STATUS of a cgminer reply.
public struct CGMinerStatus: Sendable, Equatable {
    /// `S` success, `I` info, `W` warning, `E` error, `F` fatal.
    public var letter: String
    public var code: Int?
    public var message: String?
    public var description: String?
    public var when: Double?

    public init(letter: String, code: Int?, message: String?, description: String?, when: Double? = nil) {
        self.letter = letter
        self.code = code
        self.message = message
        self.description = description
        self.when = when
    }

    public var isError: Bool { letter == "E" || letter == "F" }
}
