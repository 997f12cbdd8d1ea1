/// One HTTP request as a fixture web emulation sees it: method, path (query cut off), headers, body.
public struct FixtureWebRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The target without its query.
    public var path: String
    /// The full request target as sent (path and query), which digest authentication signs as `uri`.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.path = String(target.prefix { $0 != "?" })
        self.headers = headers
        self.body = body
    }

    /// The first header called `name`, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// An emulation's answer.
public struct FixtureWebResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer.
    public static func json(_ text: String, status: Int = 200) -> FixtureWebResponse {
        FixtureWebResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    /// 404 for a path the emulation does not serve.
    public static let notFound = FixtureWebResponse(status: 404, body: Array("not found".utf8))
}

/// A firmware's web interface as a fixture miner answers it; synchronous, state kept in the endpoint's
/// `FixturePowerState`.
public protocol FixtureWebEmulation: Sendable {
    /// The answer to one request; may change the endpoint's power state.
    func answer(_ request: FixtureWebRequest) -> FixtureWebResponse
}
