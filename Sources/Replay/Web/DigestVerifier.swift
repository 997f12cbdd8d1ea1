import Crypto
import Synchronization

/// The server side of HTTP digest authentication (RFC 7616 / 2617, MD5, `qop=auth`) as the stock Antminer web server
/// does it: a 401 carries `WWW-Authenticate: Digest realm="antMiner Configuration", nonce="...", qop="auth"`; an
/// `Authorization` is accepted when its nonce was issued here and its response matches the login. Written apart from
/// the agent's client side (`Miners`), so a test of the one checks the other.
final class DigestVerifier: Sendable {
    let realm: String
    private let user: String
    private let password: String
    /// Nonces handed out, newest last; at most `maxNonces` are remembered.
    private let nonces = Mutex<[String]>([])
    static let maxNonces = 64

    init(realm: String, user: String, password: String) {
        self.realm = realm
        self.user = user
        self.password = password
    }

    /// A 401 with a fresh challenge.
    func challenge() -> FixtureWebResponse {
        let nonce =
            String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
        nonces.withLock {
            $0.append(nonce)
            if $0.count > Self.maxNonces { $0.removeFirst($0.count - Self.maxNonces) }
        }
        return FixtureWebResponse(
            status: 401,
            headers: [("WWW-Authenticate", "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", qop=\"auth\"")],
            body: Array("401 Unauthorized".utf8))
    }

    /// Whether `request` carries a valid answer to a challenge issued here.
    func accepts(_ request: FixtureWebRequest) -> Bool {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("digest ") else {
            return false
        }
        let p = Self.parameters(header.dropFirst("digest ".count))
        guard p["username"] == user, p["realm"] == realm, let nonce = p["nonce"], p["uri"] == request.target,
            let response = p["response"], nonces.withLock({ $0.contains(nonce) })
        else { return false }
        let ha1 = Self.md5("\(user):\(realm):\(password)")
        let ha2 = Self.md5("\(request.method):\(request.target)")
        let expected: String
        if p["qop"] == "auth" {
            guard let nc = p["nc"], let cnonce = p["cnonce"] else { return false }
            expected = Self.md5("\(ha1):\(nonce):\(nc):\(cnonce):auth:\(ha2)")
        } else {
            expected = Self.md5("\(ha1):\(nonce):\(ha2)")
        }
        return response.lowercased() == expected
    }

    static func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `key=value, key="quoted"` pairs, keys lower-cased.
    static func parameters(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].filter { $0 != " " }.lowercased()
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
                value = rest[..<end].filter { $0 != " " }
                rest = rest[end...]
            }
            result[key] = value
        }
        return result
    }
}
