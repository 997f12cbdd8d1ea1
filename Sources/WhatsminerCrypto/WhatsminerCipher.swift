import Crypto
import Foundation
import _CryptoExtras

/// Whatsminer API v2's envelope cipher: AES-256 in ECB mode, key = SHA-256 of the password's md5-crypt hash part,
/// plaintext zero-padded to 16 bytes, ciphertext in base64 (pyasic `rpc/btminer.py`, `create_privileged_cmd` and
/// `parse_btminer_priviledge_data`). ECB is what the firmware speaks, not a choice: each 16-byte block is run
/// through `AES.permute` on its own.
public struct WhatsminerCipher: Sendable {
    let key: SymmetricKey

    public init(key: String) {
        self.key = SymmetricKey(data: Array(SHA256.hash(data: Array(key.utf8))))
    }

    /// Zero-pads `plaintext` to a multiple of 16 bytes, encrypts each block, and returns the base64 text.
    public func seal(_ plaintext: [UInt8]) -> String {
        var bytes = plaintext
        while bytes.count % 16 != 0 { bytes.append(0) }
        var start = 0
        while start < bytes.count {
            var block = bytes[start..<start + 16]
            // A 32-byte key and a 16-byte block are all `permute` checks; neither can be wrong here.
            try? AES.permute(&block, key: key)
            bytes.replaceSubrange(start..<start + 16, with: block)
            start += 16
        }
        return Data(bytes).base64EncodedString()
    }

    /// Decodes the base64 text, decrypts each block and drops the trailing zero padding. Nil when the text is not
    /// base64 of whole blocks.
    public func open(_ base64: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), !data.isEmpty,
            data.count % 16 == 0
        else { return nil }
        var bytes = Array(data)
        var start = 0
        while start < bytes.count {
            var block = bytes[start..<start + 16]
            guard (try? AES.inversePermute(&block, key: key)) != nil else { return nil }
            bytes.replaceSubrange(start..<start + 16, with: block)
            start += 16
        }
        while bytes.last == 0 { bytes.removeLast() }
        return bytes
    }
}
