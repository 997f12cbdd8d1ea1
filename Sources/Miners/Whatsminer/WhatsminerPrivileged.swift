import CGMinerJSON
import Foundation
import MinerRPC
import WhatsminerCrypto

/// One privileged command of Whatsminer's API v2 (pyasic `rpc/btminer.py`, `_send_privileged_command`): `get_token`
/// in the clear, then `{"enc":1,"data":<base64 of AES-256-ECB(JSON {"cmd":..,..params,"token":sign})>}`; the
/// firmware answers `{"enc":"<base64>"}`, decrypted with the same key. An answer in the clear with an error STATUS
/// means the firmware could not verify the command: a wrong password (or the API's write access not enabled,
/// "can't access write cmd").
struct WhatsminerPrivileged {
    let endpoint: MinerEndpoint
    let password: String

    /// Sends `command` with `parameters` and returns the decrypted reply.
    func send(
        _ command: String, _ parameters: [String: String] = [:]
    ) async throws(MinerControlError)
        -> CGMinerReply
    {
        let token = try await self.token()
        var request = parameters
        request["cmd"] = command
        request["token"] = token.sign
        guard let plaintext = try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]) else {
            throw .malformed("\(command): request could not be encoded")
        }
        let envelope = "{\"enc\":1,\"data\":\"\(token.cipher.seal(Array(plaintext)))\"}"
        let bytes: [UInt8]
        do {
            bytes = try await endpoint.rpc.exchange(Array(envelope.utf8), with: endpoint.address)
        } catch {
            throw MinerControlError(error)
        }
        if let sealed = (try? CGMinerJSON.parse(bytes))?.value["enc"]?.stringValue {
            guard let opened = token.cipher.open(sealed) else {
                throw .malformed("\(command): the encrypted reply does not decrypt")
            }
            do {
                return try CGMinerDecoder.decode(command: command, bytes: opened)
            } catch {
                throw MinerControlError(error)
            }
        }
        let message: String
        switch Result(catching: { () throws(CGMinerError) in try CGMinerDecoder.decode(command: command, bytes: bytes) }
        ) {
        case .success(let reply):
            guard reply.status.isError else { throw .malformed("\(command): the reply was not encrypted") }
            message = reply.status.message ?? ""
        case .failure(.firmwareStatus(_, _, _, let text)):
            message = text
        case .failure(let error):
            throw MinerControlError(error)
        }
        if message.lowercased().contains("can't access write cmd") {
            throw .refused("\(command): \(message) (enable the API's write access with WhatsMinerTool)")
        }
        throw .credentials("\(command): the miner did not accept the signed command (\(message)); wrong password?")
    }

    /// `get_token` -> `Msg {time, salt, newsalt}` -> the token for this password.
    func token() async throws(MinerControlError) -> WhatsminerToken {
        let reply = try await endpoint.command("get_token")
        guard let message = reply.section("Msg").first, let time = message["time"]?.stringValue,
            let salt = message["salt"]?.stringValue, let newSalt = message["newsalt"]?.stringValue
        else { throw .malformed("get_token: no Msg time/salt/newsalt") }
        return WhatsminerToken(password: password, time: time, salt: salt, newSalt: newSalt)
    }
}
