import Crypto

/// The `Authorization: Digest ...` answer to a challenge (RFC 7616 §3.4, RFC 2617 §3.2.2), `qop=auth` when offered.
///
/// Built here on swift-crypto's `Insecure.MD5` / `SHA256` because AsyncHTTPClient has no digest authentication: its
/// request for it is open (swift-server/async-http-client issue #687, "It would be appreciated and useful to have a
/// mechanism within AHC to handle Digest Auth", 2023, acknowledged as a reasonable feature request; #148 asked the same
/// in 2019). The header carries the response hash, never the password.
public struct DigestAuthorization: Sendable {
    public var user: String
    public var challenge: DigestChallenge
    /// The request's method and path as sent (`GET`, `/cgi-bin/get_miner_conf.cgi`).
    public var method: String
    public var uri: String
    /// The client nonce and nonce count (`qop=auth` only).
    public var cnonce: String
    public var nonceCount: Int

    public init(
        user: String, challenge: DigestChallenge, method: String, uri: String, cnonce: String, nonceCount: Int = 1
    ) {
        self.user = user
        self.challenge = challenge
        self.method = method
        self.uri = uri
        self.cnonce = cnonce
        self.nonceCount = nonceCount
    }

    /// `nc` as sent: eight hex digits.
    public var nc: String {
        let hex = String(nonceCount, radix: 16)
        return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// The `response` hash for `password`; nil for an algorithm other than MD5 and SHA-256.
    public func response(password: String) -> String? {
        guard let hash = Self.hash(for: challenge.algorithm) else { return nil }
        let ha1 = hash("\(user):\(challenge.realm):\(password)")
        let ha2 = hash("\(method):\(uri)")
        if challenge.offersAuthQOP {
            return hash("\(ha1):\(challenge.nonce):\(nc):\(cnonce):auth:\(ha2)")
        }
        return hash("\(ha1):\(challenge.nonce):\(ha2)")
    }

    /// The header value for `password`; nil for an algorithm other than MD5 and SHA-256.
    public func header(password: String) -> String? {
        guard let response = response(password: password) else { return nil }
        var parts = [
            "username=\(Self.quoted(user))", "realm=\(Self.quoted(challenge.realm))",
            "nonce=\(Self.quoted(challenge.nonce))", "uri=\(Self.quoted(uri))",
            "algorithm=\(challenge.algorithm)", "response=\(Self.quoted(response))",
        ]
        if challenge.offersAuthQOP {
            parts += ["qop=auth", "nc=\(nc)", "cnonce=\(Self.quoted(cnonce))"]
        }
        if let opaque = challenge.opaque { parts.append("opaque=\(Self.quoted(opaque))") }
        return "Digest " + parts.joined(separator: ", ")
    }

    /// Lower-case hex of the algorithm's digest of a UTF-8 text.
    static func hash(for algorithm: String) -> (@Sendable (String) -> String)? {
        switch algorithm.uppercased() {
        case "MD5": { hex(Insecure.MD5.hash(data: Array($0.utf8))) }
        case "SHA-256": { hex(SHA256.hash(data: Array($0.utf8))) }
        default: nil
        }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private static func quoted(_ s: String) -> String {
        "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
