/// The secrets of one Whatsminer API v2 privileged exchange, derived from the admin password and a `get_token`
/// reply (`Msg: {time, salt, newsalt}`), as pyasic `rpc/btminer.py` `get_token` derives them:
/// `key` = md5-crypt hash part of the password with `salt`; `sign` = md5-crypt hash part of `key + time` with
/// `newsalt`. The AES key of the envelope is SHA-256 of `key`. `description` never shows either.
public struct WhatsminerToken: Sendable, Equatable, CustomStringConvertible {
    /// The password's md5-crypt hash part (pyasic `host_passwd_md5`): the envelope's key material.
    public let key: String
    /// The request signature (pyasic `host_sign`), sent as `token` inside the encrypted command.
    public let sign: String

    public init(password: String, time: String, salt: String, newSalt: String) {
        key = MD5Crypt.hash(password, salt: salt)
        sign = MD5Crypt.hash(key + time, salt: newSalt)
    }

    /// The envelope cipher for this token.
    public var cipher: WhatsminerCipher { WhatsminerCipher(key: key) }

    public var description: String { "Whatsminer token (hidden)" }
}
