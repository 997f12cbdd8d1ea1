/// A miner's RPC endpoint as the operator wrote it: `HOST[:PORT]`, port 4028 by default.
public struct MinerAddress: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// Exactly the text given on the command line or in the config.
    public let original: String

    public init(host: String, port: Int = 4028) {
        self.host = host
        self.port = port
        self.original = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Parses `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`.
    public init(parsing text: String, defaultPort: Int = 4028) throws(MinerAddressError) {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var host = Substring(text).drop(while: isBlank)
        while let last = host.last, isBlank(last) { host.removeLast() }
        guard !host.isEmpty else { throw MinerAddressError(text: text, reason: "empty address") }
        var port = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw MinerAddressError(text: text, reason: "unclosed '[' in IPv6 address")
            }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else {
                    throw MinerAddressError(text: text, reason: "expected ':PORT' after ']'")
                }
                port = p
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            guard let p = Int(host[host.index(after: colon)...]) else {
                throw MinerAddressError(text: text, reason: "port is not a number")
            }
            port = p
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw MinerAddressError(text: text, reason: "empty host") }
        guard (1...65535).contains(port) else {
            throw MinerAddressError(text: text, reason: "port \(port) is outside 1-65535")
        }
        self.host = String(host)
        self.port = port
        self.original = text
    }

    public var description: String { original }
}

public struct MinerAddressError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid miner address '\(text)': \(reason)" }
}
