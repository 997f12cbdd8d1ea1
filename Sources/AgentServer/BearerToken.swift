import Foundation

/// The token that API writes must carry (`Authorization: Bearer <token>`), read from `http.token_file`. A file
/// that other users can read is refused (it would let any local user change the site's power caps), as are an
/// empty file and a token shorter than 16 characters. Compared in constant time.
public struct BearerToken: Sendable {
    private let secret: [UInt8]

    /// Why a token file was refused.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "token file \(path): \(reason)" }
    }

    init(secret: [UInt8]) { self.secret = secret }

    /// Reads the token (one line; surrounding whitespace ignored).
    public static func load(path: String) throws(LoadError) -> BearerToken {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LoadError(path: path, reason: "cannot be read: " + String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw LoadError(path: path, reason: "not a regular file") }
        guard info.st_mode & S_IROTH == 0 else {
            throw LoadError(path: path, reason: "readable by every user (chmod 600 it, owned by the agent's user)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw LoadError(path: path, reason: "cannot be read as UTF-8 text") }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, !token.contains(where: \.isWhitespace) else {
            throw LoadError(path: path, reason: "the token must be one word of at least 16 characters")
        }
        return BearerToken(secret: Array(token.utf8))
    }

    /// The token itself, for a client that sends it (the uplink to its receiver). Never log it.
    public var text: String { String(decoding: secret, as: UTF8.self) }

    /// Whether an `Authorization` header value carries this token; the time taken does not depend on where a wrong
    /// token differs.
    public func accepts(authorization header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        var difference = UInt8(given.count == secret.count ? 0 : 1)
        for index in 0..<secret.count {
            difference |= secret[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
