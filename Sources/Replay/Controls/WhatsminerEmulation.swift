import CGMinerJSON
import Foundation
import Synchronization
import WhatsminerCrypto

/// Whatsminer API v2 controls as a fixture obeys them (SYNTHETIC behaviour, real cryptography): `get_token` answers
/// the recorded token reply when there is one (else a made-up time and salts), and privileged requests
/// `{"enc":1,"data":..}` are decrypted with the key derived from `controls.password` and that token's salt (see
/// `WhatsminerCipher`); a request that does not decrypt, or whose `token` is not the signature of the last token, is
/// refused in the clear. `power_off` / `power_on` / `adjust_power_limit` (at most the recorded `Power Limit`, the
/// nominal power) change the state; replies are encrypted. `summary` then scales `MHS *` by limit / recorded limit
/// (zero asleep), reports `Power`/`Power_RT` likewise (`idle_w` asleep) and `Power Limit` as set; `status` says
/// `btmineroff: "true"` while powered off, in the shape of the recorded `status.sleeping.json`.
final class WhatsminerEmulation: FixtureEmulation {
    let controls: FixtureControls
    /// The recorded `Power Limit` (the nominal power), and the recorded summary's firmware version.
    let recordedLimit: Double?
    let firmwareVersion: String?
    /// The `Msg` of the last token handed out: `time`, `salt`, `newsalt`.
    private let issued = Mutex<(time: String, salt: String, newSalt: String)?>(nil)

    init(controls: FixtureControls, miner: FixtureMiner) {
        self.controls = controls
        let summary = miner.replies["summary"].flatMap(ReplyJSON.parse)?["SUMMARY"]?[0]
        recordedLimit = summary?["Power Limit"]?.doubleValue
        firmwareVersion = summary?["Firmware Version"]?.stringValue
    }

    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]? {
        if let sealed = request.encryptedData { return privileged(sealed, power: power, now: now) }
        let state = power.snapshot
        switch request.command {
        case "get_token":
            let recorded = miner.replies["get_token"]
            let message = recorded.flatMap(ReplyJSON.parse)?["Msg"]
            let token = (
                time: message?["time"]?.stringValue ?? String(now % 10000),
                salt: message?["salt"]?.stringValue ?? "SYNTHslt",
                newSalt: message?["newsalt"]?.stringValue ?? "SYNTHnew"
            )
            issued.withLock { $0 = token }
            if let recorded { return recorded }
            return ReplyJSON.bytes(
                .object([
                    "STATUS": .string("S"), "When": .number(Double(now)), "Code": .number(134),
                    "Msg": .object([
                        "time": .string(token.time), "salt": .string(token.salt), "newsalt": .string(token.newSalt),
                    ]),
                    "Description": .string("whatsminer v1.1"),
                ]))
        case "status":
            guard state.asleep else { return nil }
            var message: [String: JSONValue] = ["btmineroff": .string("true")]
            if let firmwareVersion { message["Firmware Version"] = .string(firmwareVersion) }
            return ReplyJSON.bytes(
                .object([
                    "STATUS": .string("S"), "When": .number(Double(now)), "Code": .number(131),
                    "Msg": .object(message), "Description": .string("whatsminer v1.3"),
                ]))
        case "pools":
            guard controls.dropsPoolsOnLimit == true, state.limitW != nil,
                let recorded = miner.replies["pools"].flatMap(ReplyJSON.parse)
            else { return nil }
            return ReplyJSON.bytes(ReplyJSON.map(recorded) { key, _ in key == "POOLS" ? .array([]) : nil })
        case "summary", "edevs", "devs":
            guard !state.isInitial, let recorded = miner.replies[request.command] else { return nil }
            let limit = state.limitW ?? recordedLimit
            let fraction = state.asleep ? 0 : min(1, (limit ?? 1) / (recordedLimit ?? limit ?? 1))
            return ReplyJSON.rewrite(recorded, hashFraction: fraction) { key, member in
                switch key {
                case "Power", "Power_RT":
                    return state.asleep ? .number(self.controls.idleW ?? 0) : ReplyJSON.scaled(member, by: fraction)
                case "Power Limit":
                    return limit.map { .number($0) }
                default:
                    return nil
                }
            }
        default:
            return nil
        }
    }

    /// A privileged request: decrypt, check the signature, obey, answer encrypted.
    private func privileged(_ sealed: String, power: FixturePowerState, now: Int) -> [UInt8] {
        func clearRefusal() -> [UInt8] {
            ReplyJSON.bytes(
                .object([
                    "STATUS": .string("E"), "When": .number(Double(now)), "Code": .number(23),
                    "Msg": .string("SYNTHETIC: invalid token"), "Description": .string("whatsminer v1.1"),
                ]))
        }
        guard let token = issued.withLock({ $0 }), let password = controls.password else { return clearRefusal() }
        let expected = WhatsminerToken(password: password, time: token.time, salt: token.salt, newSalt: token.newSalt)
        guard let opened = expected.cipher.open(sealed),
            let request = try? JSONSerialization.jsonObject(with: Data(opened)) as? [String: Any],
            request["token"] as? String == expected.sign, let command = request["cmd"] as? String
        else { return clearRefusal() }
        var refusal: String?
        switch command {
        case "power_off", "power_on":
            let off = command == "power_off"
            power.update { state in
                if state.asleep != off { state.writes += 1 }
                state.asleep = off
            }
        case "adjust_power_limit":
            guard let text = request["power_limit"] as? String, let watts = Double(text), watts > 0 else {
                refusal = "invalid power_limit"
                break
            }
            if let recordedLimit, watts > recordedLimit {
                refusal = "power_limit above the nominal power"
                break
            }
            guard controls.ignoresLimits != true else { break }
            power.update { state in
                if state.limitW != watts { state.writes += 1 }
                state.limitW = watts
            }
        default:
            refusal = "command not emulated"
        }
        let answer = JSONValue.object([
            "STATUS": .string(refusal == nil ? "S" : "E"), "When": .number(Double(now)),
            "Code": .number(refusal == nil ? 131 : 132), "Msg": .string(refusal.map { "SYNTHETIC: \($0)" } ?? command),
            "Description": .string(""),
        ])
        let sealedAnswer = expected.cipher.seal(ReplyJSON.bytes(answer))
        return ReplyJSON.bytes(.object(["enc": .string(sealedAnswer)]))
    }
}
