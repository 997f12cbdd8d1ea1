import FleetCore
import Foundation
import MinerRPC
import Testing

@testable import Miners

/// SYNTHETIC: recorded replies with one value edited to what a glitching miner sends. The reading drops and names
/// the value; the rest of the miner still reads.
@Suite struct ImplausibleReplyTests {
    /// The recorded miner of `folder` with `command`'s recorded reply (or `file`) edited: each `old` (which must
    /// occur) becomes its `new`.
    static func edited(
        _ folder: String, _ command: String, file: String? = nil, _ edits: [(String, String)]
    )
        throws -> FixtureMinerReplies
    {
        var miner = try FixtureMinerReplies(folder)
        let recorded =
            try file.map { try FixtureMinerReplies.bytes(folder: folder, file: $0) }
            ?? #require(miner.miner.replies[command])
        var text = String(decoding: recorded, as: UTF8.self)
        for (old, new) in edits {
            try #require(text.contains(old), "\(folder)/\(command) has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        miner.answers[command] = FixtureMinerReplies.decode(command, Array(text.utf8))
        return miner
    }

    static func edited(
        _ folder: String, _ command: String, file: String? = nil, _ old: String, _ new: String
    )
        throws -> FixtureMinerReplies
    {
        try edited(folder, command, file: file, [(old, new)])
    }

    @Test func whatsminerPowerOf1e30IsDroppedAndTheRestIsRead() async throws {
        let r = try await Self.edited("whatsminer-m30s-btminer", "summary", #""Power":3230"#, #""Power":1e30"#)
            .reading()
        #expect(r.status == .ok)
        #expect(r.powerW == nil && r.powerQuality == nil)
        #expect(r.hashrateHs != nil && r.powerLimitW == 3600)
        #expect(r.rejected?.map(\.description) == ["power_w 1e+30: outside the plausible range 0…15000 W"])
    }

    @Test func wrongTypeIsNamedNotSilentlyNull() async throws {
        let r = try await Self.edited("whatsminer-m30s-btminer", "summary", #""Power":3230"#, #""Power":"abc""#)
            .reading()
        #expect(r.powerW == nil)
        let rejected = try #require(r.rejected?.first)
        #expect(rejected.field == "power_w" && rejected.value == "\"abc\"")
        #expect(rejected.reason == "not a number (the firmware's 'Power')")
    }

    @Test func negativeLimitAndFanAreNamed() async throws {
        let r = try await Self.edited(
            "whatsminer-m30s-btminer", "summary",
            [(#""Power Limit":3600"#, #""Power Limit":-3600"#), (#""Fan Speed In":2370"#, #""Fan Speed In":-2370"#)]
        ).reading()
        #expect(r.powerLimitW == nil)
        #expect(r.fansRPM == [2430])
        #expect(
            Set(r.rejected?.map { "\($0.field) \($0.reason)" } ?? []) == [
                "power_limit_w negative", "fans_rpm negative",
            ])
    }

    /// An S19 Pro saying 1e20 GH/s: before, the nameplate estimate made that 3.45e18 W.
    @Test func theEstimateNeverMultipliesAnImplausibleHashrate() async throws {
        let r = try await Self.edited(
            "antminer-s19pro-bmminer", "stats", file: "stats.really-cold.json", #""GHS 5s": 110786.79"#,
            #""GHS 5s": 1e20"#
        ).reading()
        #expect(r.hashrateHs == nil)
        #expect(r.powerW == nil && r.powerQuality == nil, "no estimate from a dropped hashrate")
        #expect(r.rejected?.first?.field == "hashrate_hs")
        #expect(r.status == .error, "its one principal value was implausible")
        #expect(r.error?.contains("every principal value is implausible") == true)
    }

    /// 1e300 GH/s overflows to infinity in H/s; the JSON line used to be a bare `{}`.
    @Test func overflowingHashrateStillGivesAFullJSONLine() async throws {
        let r = try await Self.edited(
            "antminer-s19pro-bmminer", "stats", file: "stats.really-cold.json", #""GHS 5s": 110786.79"#,
            #""GHS 5s": 1e300"#
        ).reading()
        #expect(r.rejected?.first?.reason == "not finite")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(ReadingOutput.jsonLine(r).utf8)) as? [String: Any])
        #expect(object["address"] as? String == "10.0.0.1:4028")
        #expect(object["status"] as? String == "error")
        #expect(object["hashrate_hs"] is NSNull)
    }

    @Test func aRealFixtureRejectsNothing() async throws {
        for folder in ["antminer-s19pro-bmminer", "whatsminer-m30s-btminer", "avalon-1047-cgminer", "luxos-luxminer"] {
            let r = try await FixtureMinerReplies(folder).reading()
            #expect(r.rejected == nil, "\(folder): \(r.rejected ?? [])")
        }
    }
}
