/// A `WWW-Authenticate: Digest ...` challenge (RFC 7616 §3.3; RFC 2617 §3.2.1), as the stock Antminer web server
/// sends it (`realm="antMiner Configuration"`, pyasic `web/antminer.py`; ASIC-APIS.md §2.1).
public struct DigestChallenge: Sendable, Equatable {
    public var realm: String
    public var nonce: String
    public var opaque: String?
    /// `MD5` (also when the server names none) or `SHA-256`; the `-sess` variants are not supported.
    public var algorithm: String
    /// Whether the server offers `qop=auth`; without it the RFC 2069 form (no nc, no cnonce) is answered.
    public var offersAuthQOP: Bool

    public init(realm: String, nonce: String, opaque: String? = nil, algorithm: String = "MD5", offersAuthQOP: Bool) {
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.algorithm = algorithm
        self.offersAuthQOP = offersAuthQOP
    }

    /// Reads one header value; nil when it is not a Digest challenge with a realm and a nonce.
    public init?(header: String) {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("digest ") else { return nil }
        let parameters = DigestParameters.parse(trimmed.dropFirst("digest ".count))
        guard let realm = parameters["realm"], let nonce = parameters["nonce"] else { return nil }
        self.realm = realm
        self.nonce = nonce
        self.opaque = parameters["opaque"]
        self.algorithm = parameters["algorithm"] ?? "MD5"
        let qops = (parameters["qop"] ?? "").split(separator: ",").map { String($0).trimmed(" ").lowercased() }
        self.offersAuthQOP = qops.contains("auth")
    }
}

/// `key=value, key="quoted value"` lists of Digest headers, keys lower-cased.
enum DigestParameters {
    static func parse(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text[...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = String(rest[..<equals]).trimmed(" ").lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(c)
                        escaped = false
                    } else if c == "\\" {
                        escaped = true
                    } else if c == "\"" {
                        break
                    } else {
                        value.append(c)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = String(rest[..<end]).trimmed(" ")
                rest = rest[end...]
            }
            result[key] = value
        }
        return result
    }
}
