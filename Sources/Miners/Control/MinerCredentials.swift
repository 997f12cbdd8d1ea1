import Foundation

/// A miner's login, read from the file the config names (`credentials_file`). The file holds one line,
/// `user:password` or just `password` (the family's default user, e.g. `root` on Antminer web, `admin` on
/// Whatsminer); it must be readable by its owner alone. Never printed or logged: `description` hides it.
public struct MinerCredentials: Sendable, Equatable, CustomStringConvertible {
    /// nil: the family's default user.
    public var user: String?
    public var password: String

    public init(user: String?, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "credentials of \(user ?? "the default user") (hidden)" }

    /// Reads `path`: refuses a file others can read or write, an empty one, or one of more than one line.
    public static func load(path: String) throws(MinerControlError) -> MinerCredentials {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .credentials("\(path) cannot be read")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw .credentials(
                "\(path) is readable or writable by others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw .credentials("\(path) cannot be read as UTF-8 text") }
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.count == 1, let line = lines.first else {
            throw .credentials("\(path) must hold one line, user:password or password")
        }
        guard let colon = line.firstIndex(of: ":") else { return MinerCredentials(user: nil, password: String(line)) }
        let user = String(line[..<colon])
        let password = String(line[line.index(after: colon)...])
        guard !password.isEmpty else { throw .credentials("\(path): empty password") }
        return MinerCredentials(user: user.isEmpty ? nil : user, password: password)
    }
}
