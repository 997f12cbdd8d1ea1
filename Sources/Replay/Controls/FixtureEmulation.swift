import Foundation
import MinerRPC

/// One family's controls as a fixture miner obeys them (SYNTHETIC behaviour on recorded bytes): control commands
/// change the endpoint's `FixturePowerState`, and report replies are rewritten from the recorded bytes by it.
protocol FixtureEmulation: Sendable {
    /// The reply to one command (never joined), or nil to send the recorded reply as it is.
    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]?
}

/// Builds the emulation a fixture's `controls` object asks for.
enum FixtureEmulations {
    static func make(_ controls: FixtureControls?, miner: FixtureMiner) -> any FixtureEmulation {
        guard let controls else { return BitmainEmulation(controls: .bitmainDefault) }
        switch controls.family {
        case "btminer": return WhatsminerEmulation(controls: controls, miner: miner)
        case "bosminer": return BraiinsEmulation(controls: controls)
        case "avalon": return AvalonEmulation(controls: controls)
        case "luxos": return LuxOSEmulation(controls: controls)
        default: return BitmainEmulation(controls: controls)
        }
    }

    /// The reply to `request`, joined or not, through `emulation`: a joined request is answered with the recorded
    /// joined bytes while every part would be recorded, else assembled from each part's reply, as cgminer joins.
    static func reply(
        to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, emulation: any FixtureEmulation,
        now: Int = Int(Date().timeIntervalSince1970)
    ) -> [UInt8] {
        guard request.command.contains("+") else {
            return emulation.reply(to: request, miner: miner, power: power, now: now)
                ?? miner.reply(to: request.command, now: now)
        }
        guard miner.acceptsJoins else { return miner.reply(to: request.command, now: now) }
        var seen = Set<String>()
        let parts = request.command.split(separator: "+").map(String.init).filter { seen.insert($0).inserted }
        let answers = parts.map {
            emulation.reply(to: FixtureRequest(command: $0), miner: miner, power: power, now: now)
        }
        if answers.allSatisfy({ $0 == nil }) { return miner.reply(to: request.command, now: now) }
        var out = Array("{".utf8)
        for (index, part) in parts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("\(JSONText.quoted(part)):[".utf8)
            out += answers[index] ?? miner.reply(to: part, now: now)
            out.append(UInt8(ascii: "]"))
        }
        out += Array(",\"id\":1}".utf8)
        return out
    }
}
