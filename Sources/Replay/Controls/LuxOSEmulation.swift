import CGMinerJSON
import Synchronization

/// LuxOS controls as a fixture obeys them (SYNTHETIC: the recorded LuxOS folder holds only `version`, `atm`, `groups`
/// and documentation examples). Sessions as documented (docs.luxor.tech/firmware/api/sessions): `logon` gives a
/// session id (Code 316), a second `logon` while one is open is refused (Code 402 "Another session is active"),
/// `logoff <id>` ends it; `curtail <id>,sleep|wakeup` (Code 335) and `profileset <id>,<profile>` (Code 321) need
/// the open session's id. Reads made up from the `controls` object: `profiles` (`Profile Name`, `Watts`,
/// `Hashrate`), `config` (`Profile`, `CurtailMode`, `IsPowerSupplyOn`), `summary` (`GHS 5s`, `GHS av`), `power`
/// (`Watts`), `pools`, `session`.
final class LuxOSEmulation: FixtureEmulation {
    let controls: FixtureControls
    /// The open session's id, and how many sessions were opened (each gets a new id).
    private let session = Mutex<(open: String?, opened: Int)>((nil, 0))

    init(controls: FixtureControls) {
        self.controls = controls
    }

    /// The id of the session open now; nil when none is.
    var openSession: String? { session.withLock { $0.open } }

    func reply(to request: FixtureRequest, miner: FixtureMiner, power: FixturePowerState, now: Int) -> [UInt8]? {
        let description = miner.statusDescription
        let parameters = (request.parameter ?? "").split(separator: ",", omittingEmptySubsequences: false).map(
            String.init)
        func ok(_ code: Int, _ message: String, _ section: String, _ body: JSONValue) -> [UInt8] {
            SyntheticReply.cgminer(
                "S", code: code, message: message, description: description, when: now, section: section, body: body)
        }
        func refuse(_ code: Int, _ message: String) -> [UInt8] {
            SyntheticReply.refusal(code: code, message, description: description, when: now)
        }
        let state = power.snapshot
        let profile = state.step ?? controls.profile ?? controls.profiles?.first?.name ?? "default"
        let running = controls.profiles?.first { $0.name == profile }
        switch request.command {
        case "logon":
            let id: String? = session.withLock { session in
                guard session.open == nil else { return nil }
                session.opened += 1
                session.open = "SYNTH\(session.opened)"
                return session.open
            }
            guard let id else { return refuse(402, "Another session is active") }
            return ok(316, "Session created", "SESSION", .array([.object(["SessionID": .string(id)])]))
        case "logoff":
            let ended = session.withLock { session in
                guard let open = session.open, parameters.first == open else { return false }
                session.open = nil
                return true
            }
            return ended ? ok(317, "Session ended", "SESSION", .array([])) : refuse(403, "Invalid session id")
        case "session":
            let open = openSession ?? ""
            return ok(318, "Session", "SESSION", .array([.object(["SessionID": .string(open)])]))
        case "curtail", "profileset":
            guard let open = openSession, parameters.first == open, parameters.count > 1 else {
                return refuse(403, "Invalid session id")
            }
            if request.command == "curtail" {
                guard ["sleep", "wakeup"].contains(parameters[1]) else { return refuse(336, "Invalid curtail action") }
                let sleep = parameters[1] == "sleep"
                power.update { state in
                    if state.asleep != sleep { state.writes += 1 }
                    state.asleep = sleep
                }
                return ok(
                    335, "Curtailment command sent", "CURTAIL",
                    .array([.object(["Action": .string(sleep ? "sleep mode" : "wake up")])]))
            }
            guard controls.profiles?.contains(where: { $0.name == parameters[1] }) == true else {
                return refuse(322, "Profile not found")
            }
            power.update { state in
                if (state.step ?? profile) != parameters[1] { state.writes += 1 }
                state.step = parameters[1]
            }
            return ok(
                321, "Profile Set", "PROFILE",
                .array([
                    .object([
                        "Board": .number(0), "FrequencyStep": .number(5), "Profile": .string(parameters[1]),
                        "VoltageStep": .number(0.05),
                    ])
                ]))
        case "profiles":
            let list = (controls.profiles ?? []).map { p in
                JSONValue.object([
                    "Profile Name": .string(p.name), "Watts": .number(p.watts), "Hashrate": .number(p.ths),
                ])
            }
            return ok(327, "Profiles", "PROFILES", .array(list))
        case "config":
            return ok(
                33, "LUXminer config", "CONFIG",
                .array([
                    .object([
                        "Profile": .string(profile), "CurtailMode": .string(state.asleep ? "Sleep" : "None"),
                        "IsPowerSupplyOn": .bool(!state.asleep),
                    ])
                ]))
        case "summary":
            let ghs = state.asleep ? 0 : (running?.ths ?? 0) * 1000
            return ok(11, "Summary", "SUMMARY", .array([.object(["GHS 5s": .number(ghs), "GHS av": .number(ghs)])]))
        case "power":
            let watts = state.asleep ? (controls.idleW ?? 0) : (running?.watts ?? 0)
            return ok(340, "Power", "POWER", .array([.object(["Watts": .number(watts)])]))
        case "pools":
            guard let pools = controls.pools else { return nil }
            let list = pools.enumerated().map { index, pool in
                JSONValue.object([
                    "POOL": .number(Double(index)), "URL": .string(pool.url), "User": .string(pool.user),
                    "Status": .string("Alive"),
                ])
            }
            // Fixed time: the pools reply must read the same before and after every write.
            return SyntheticReply.cgminer(
                "S", code: 7, message: "\(pools.count) Pool(s)", description: description, when: 0, section: "POOLS",
                body: .array(list))
        default:
            return nil
        }
    }
}
