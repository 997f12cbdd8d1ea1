import Foundation
import Testing
import WhatsminerCrypto

/// Whatsminer API v2's envelope primitives against vectors made by OpenSSL on the build machine.
@Suite struct WhatsminerCryptoTests {
    /// `openssl passwd -1 -salt BQ5hoXV9 'synthetic-pw'` (the salt of the recorded M31S `get_token`).
    @Test func md5CryptMatchesOpenSSL() {
        #expect(MD5Crypt.crypt("synthetic-pw", salt: "BQ5hoXV9") == "$1$BQ5hoXV9$YQKEcKyhyG/xW.wdeXrvA0")
    }

    /// `openssl passwd -1 -salt abc admin`: a short salt and Whatsminer's default password.
    @Test func md5CryptShortSalt() {
        #expect(MD5Crypt.hash("admin", salt: "abc") == "w4QgUNlSaYbMOHG4lWxgn.")
    }

    /// `printf '{"cmd":"power_on"}' + 14 NULs | openssl enc -aes-256-ecb -nopad -K $(printf abc | sha256) | base64`.
    @Test func envelopeMatchesOpenSSLAES256ECB() {
        let sealed = WhatsminerCipher(key: "abc").seal(Array(#"{"cmd":"power_on"}"#.utf8))
        #expect(sealed == "5XgioXxYn5Vy38r9svw1LIM7bv1Qi+6/kvFkN7AWZnU=")
    }

    @Test func envelopeRoundTripDropsThePadding() {
        let cipher = WhatsminerToken(password: "pw", time: "6915", salt: "BQ5hoXV9", newSalt: "a5TtWui2").cipher
        let plaintext = Array(#"{"cmd":"adjust_power_limit","power_limit":"3000","token":"x"}"#.utf8)
        let sealed = cipher.seal(plaintext)
        #expect(Data(base64Encoded: sealed)?.count == 64)
        #expect(cipher.open(sealed) == plaintext)
    }

    @Test func wrongKeyDoesNotOpenToThePlaintext() {
        let plaintext = Array(#"{"cmd":"power_off"}"#.utf8)
        let sealed = WhatsminerCipher(key: "right").seal(plaintext)
        #expect(WhatsminerCipher(key: "wrong").open(sealed) != plaintext)
    }

    @Test func tokenDescriptionHidesItsSecrets() {
        let token = WhatsminerToken(password: "pw", time: "1", salt: "s", newSalt: "n")
        #expect(!token.description.contains(token.key) && !token.description.contains(token.sign))
    }
}
