import CGMinerJSON
import Crypto

/// What a web control reports as `MinerPowerState.preserved`: each member of a configuration object as canonical JSON
/// text, with the values of password-like keys (`pass`, `password`, `pw`, `pwd`, at any depth) replaced by a short
/// SHA-256 fingerprint, so a write that changed a pool password is still seen while the state never holds one.
enum PreservedSettings {
    static let secretKeys: Set<String> = ["pass", "password", "pw", "pwd", "passwd"]

    /// `members` minus `excluded`, each as text.
    static func of(_ members: [String: JSONValue], excluding excluded: Set<String>) -> [String: String] {
        var preserved: [String: String] = [:]
        for (key, value) in members where !excluded.contains(key) {
            preserved[key] = masked(value, key: key).jsonText
        }
        return preserved
    }

    static func masked(_ value: JSONValue, key: String?) -> JSONValue {
        if let key, secretKeys.contains(key.lowercased()) {
            let digest = SHA256.hash(data: Array(value.jsonText.utf8))
            return .string("sha256:" + digest.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        }
        switch value {
        case .object(let members):
            return .object(members.reduce(into: [:]) { $0[$1.key] = masked($1.value, key: $1.key) })
        case .array(let elements):
            return .array(elements.map { masked($0, key: nil) })
        default:
            return value
        }
    }
}
