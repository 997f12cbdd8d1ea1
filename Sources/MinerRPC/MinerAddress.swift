import FleetCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Parses `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`; an unbracketed IPv6 address (two colons or more, such as
    /// `fe80::1`) is a host alone, on the default port. Spaces and tabs around the text are ignored.
    ///
    /// Refused, with a reason that says what to write instead: a URL (`http://`, `stratum+tcp://`, any `scheme://`),
    /// a path or network range (any `/`), a port that is not 1-65535 in ASCII digits (`+4028`, `0x0fbc`), and a host
    /// with characters that no host name or IP address has.
    public init(parsing text: String, defaultPort: Int = 4028) throws(MinerAddressError) {
        let trimmed = text.trimmingBlanks()
        func refuse(_ reason: String) -> MinerAddressError { MinerAddressError(text: text, reason: reason) }
        guard !trimmed.isEmpty else { throw refuse("empty address; " + Self.advice) }
        if let scheme = trimmed.firstRange(of: "://") {
            throw refuse("'\(trimmed[..<scheme.upperBound])' is a URL scheme, not part of an address; " + Self.advice)
        }
        guard !trimmed.contains("/") else {
            throw refuse("an address has no '/' (no path, no network range); " + Self.advice)
        }
        var host = trimmed
        var port = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw refuse("unclosed '[' in IPv6 address; " + Self.bracketAdvice)
            }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw refuse("expected ':PORT' after ']'; " + Self.bracketAdvice) }
                port = try Self.port(rest.dropFirst(), refuse)
            }
            guard Self.isIPv6(host) else {
                throw refuse("'\(host)' between brackets is not an IPv6 address; " + Self.bracketAdvice)
            }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            port = try Self.port(host[host.index(after: colon)...], refuse)
            host = host[..<colon]
        } else if host.contains(":"), !Self.isIPv6(host) {
            throw refuse("'\(host)' has several ':' but is not an IPv6 address; " + Self.advice)
        }
        guard !host.isEmpty else { throw refuse("empty host; " + Self.advice) }
        guard host.contains(":") || host.allSatisfy(Self.isHostNameCharacter) else {
            throw refuse("'\(host)' is not a host name or IP address; " + Self.advice)
        }
        self.host = String(host)
        self.port = port
        self.original = text
    }

    public var description: String { original }

    /// What a refusal ends with: the form to write instead.
    static let advice = "write HOST[:PORT], e.g. 10.0.0.11:4028 or miner-07"
    static let bracketAdvice = "write [IPv6]:PORT, e.g. [fd00::11]:4028"

    /// A port is 1 to 5 ASCII digits (no sign, no spaces, no hex) in 1-65535; `Int("+4028")` would take the sign.
    private static func port(
        _ text: Substring, _ refuse: (String) -> MinerAddressError
    ) throws(MinerAddressError) -> Int {
        guard !text.isEmpty else { throw refuse("empty port after ':'; " + advice) }
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw refuse("port '\(text)' is not a number of ASCII digits 0-9; " + advice)
        }
        guard text.utf8.count <= 5, let port = Int(text), (1...65535).contains(port) else {
            throw refuse("port \(text) is outside 1-65535; " + advice)
        }
        return port
    }

    /// Letters, digits, `.`, `-` and `_`: a DNS name or a dotted IPv4 address.
    private static func isHostNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_")
    }

    /// An IPv6 address as `inet_pton` reads it, with an optional `%zone` (an interface name, as in `fe80::1%eth0`).
    private static func isIPv6(_ text: Substring) -> Bool {
        let zone = text.firstIndex(of: "%")
        if let zone {
            let name = text[text.index(after: zone)...]
            guard !name.isEmpty, name.allSatisfy(isHostNameCharacter) else { return false }
        }
        var bytes = in6_addr()
        return inet_pton(AF_INET6, String(text[..<(zone ?? text.endIndex)]), &bytes) == 1
    }
}

/// Why a miner address was refused: `reason` says what is wrong and what to write instead.
public struct MinerAddressError: Error, Sendable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    public let reason: String
    public var description: String { "invalid miner address '\(text)': \(reason)" }
}
