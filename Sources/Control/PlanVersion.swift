import Crypto

/// The version of a plan in the audit log: `sha256:` and the first 12 hex digits of its text's SHA-256, so that the
/// same text is the same version whichever way it arrived.
enum PlanVersion {
    static func of(_ text: String) -> String {
        let digest = SHA256.hash(data: Array(text.utf8))
        return "sha256:"
            + digest.prefix(6).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
