import Crypto

/// The FreeBSD MD5-based `crypt` (`$1$salt$hash`), as `openssl passwd -1` and Python passlib's `md5_crypt` compute
/// it. Whatsminer's privileged API v2 derives its key and its request signature with it (pyasic `rpc/btminer.py`,
/// `_crypt` and `get_token`). Not a password store: MD5 is used here only because the firmware requires it.
public enum MD5Crypt {
    static let magic = Array("$1$".utf8)
    static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The full `$1$<salt>$<hash>` text of `password` with `salt` (at most 8 characters are used; a `$` ends it).
    public static func crypt(_ password: String, salt: String) -> String {
        "$1$\(usableSalt(salt))$\(hash(password, salt: salt))"
    }

    /// The 22-character hash part alone (what follows the third `$`).
    public static func hash(_ password: String, salt: String) -> String {
        let pw = Array(password.utf8)
        let salt = Array(usableSalt(salt).utf8)
        let alternate = Array(Insecure.MD5.hash(data: pw + salt + pw))
        var context = pw + magic + salt
        var remaining = pw.count
        while remaining > 0 {
            context += alternate.prefix(min(16, remaining))
            remaining -= 16
        }
        var bits = pw.count
        while bits > 0 {
            context.append(bits & 1 != 0 ? 0 : (pw.first ?? 0))
            bits >>= 1
        }
        var digest = Array(Insecure.MD5.hash(data: context))
        for round in 0..<1000 {
            var block: [UInt8] = round & 1 != 0 ? pw : digest
            if round % 3 != 0 { block += salt }
            if round % 7 != 0 { block += pw }
            block += round & 1 != 0 ? digest : pw
            digest = Array(Insecure.MD5.hash(data: block))
        }
        var out: [UInt8] = []
        out.reserveCapacity(22)
        func encode(_ value: Int, _ count: Int) {
            var v = value
            for _ in 0..<count {
                out.append(alphabet[v & 0x3f])
                v >>= 6
            }
        }
        let d = digest.map(Int.init)
        encode(d[0] << 16 | d[6] << 8 | d[12], 4)
        encode(d[1] << 16 | d[7] << 8 | d[13], 4)
        encode(d[2] << 16 | d[8] << 8 | d[14], 4)
        encode(d[3] << 16 | d[9] << 8 | d[15], 4)
        encode(d[4] << 16 | d[10] << 8 | d[5], 4)
        encode(d[11], 2)
        return String(decoding: out, as: UTF8.self)
    }

    /// At most 8 characters, up to the first `$`.
    static func usableSalt(_ salt: String) -> String {
        String(salt.prefix { $0 != "$" }.prefix(8))
    }
}
