import CGMinerJSON

/// Braiins OS (BOSminer) controls as a fixture obeys them (SYNTHETIC): `pause` / `resume` answered in the shape of
/// the documented replies (Code 204 `PAUSE:[true]`, Code 205 `RESUME:[true]`, `braiins-os-plus-docs-examples`);
/// while paused, hashrates read zero and `tunerstatus` says every chain is paused, drawing `idle_w`.
struct BraiinsEmulation: FixtureEmulation {
    let controls: FixtureControls

    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]? {
        let description = miner.statusDescription
        switch request.command {
        case "pause", "resume":
            let pausing = request.command == "pause"
            power.update { state in
                if state.asleep != pausing { state.writes += 1 }
                state.asleep = pausing
            }
            return SyntheticReply.cgminer(
                "S", code: pausing ? 204 : 205, message: pausing ? "Pause" : "Resume", description: description,
                when: now, section: pausing ? "PAUSE" : "RESUME", body: .array([.bool(true)]))
        case "tunerstatus":
            guard power.snapshot.asleep else { return nil }
            return pausedTuner(miner.replies["tunerstatus"], description: description, now: now)
        default:
            guard power.snapshot.asleep, ReplyJSON.reports.contains(request.command),
                let recorded = miner.replies[request.command]
            else { return nil }
            return ReplyJSON.rewrite(recorded, hashFraction: 0)
        }
    }

    /// The recorded tuner status with every chain paused and the idle draw, else one made up.
    private func pausedTuner(_ recorded: [UInt8]?, description: String, now: Int) -> [UInt8] {
        let idle = JSONValue.number(controls.idleW ?? 0)
        if let recorded, let value = ReplyJSON.parse(recorded) {
            return ReplyJSON.bytes(
                ReplyJSON.map(value) { key, member in
                    switch key {
                    case "Status": return .string("Paused")
                    case "ApproximateMinerPowerConsumption": return idle
                    case "ApproximatePowerConsumptionWatt": return .number(0)
                    default: return nil
                    }
                })
        }
        let chains = (0..<(controls.chains ?? 3)).map { index in
            JSONValue.object(["HashchainIndex": .number(Double(index)), "Status": .string("Paused")])
        }
        return SyntheticReply.cgminer(
            "S", code: 20, message: "Tuner Status", description: description, when: now, section: "TUNERSTATUS",
            body: .array([
                .object(["ApproximateMinerPowerConsumption": idle, "TunerChainStatus": .array(chains)])
            ]))
    }
}
