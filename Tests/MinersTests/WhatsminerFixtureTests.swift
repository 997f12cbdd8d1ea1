import FleetCore
import Testing

@testable import Miners

/// Whatsminer fixtures, field by field (values read by hand from the recorded JSON).
@Suite struct WhatsminerFixtureTests {
    @Test func m30sReportedPowerAndLimit() async throws {
        let r = try await FixtureMinerReplies("whatsminer-m30s-btminer").reading()
        #expect(r.status == .ok)
        #expect(r.error == nil)
        #expect(r.vendor == "MicroBT")
        #expect(r.model == nil)  // devdetails not recorded
        #expect(r.firmware == "btminer 20200512.13.REL")  // "'20200512.13.REL'" without its quotes
        #expect(close(r.hashrateHs, 85_163_473.24e6))  // "MHS 1m"
        #expect(close(r.hashrateAvgHs, 85_106_399.37e6))
        #expect(r.powerW == 3230)
        #expect(r.powerQuality == .reported)
        #expect(r.powerLimitW == 3600)
        #expect(r.tempBoardC == [80, 72, 72.5])  // edevs Temperature
        #expect(r.tempChipC == [99.79, 89.14, 90.64])  // edevs Chip Temp Max
        #expect(r.tempMaxC == 99.79)
        #expect(r.tempInletC == 11)  // Env Temp
        #expect(r.fansRPM == [2370, 2430])
        #expect(r.device.description == "asic:c6:02:14:00:1f:b3")
    }

    @Test func m30sWithBtmineroffStatusIsSleeping() async throws {
        // Foreman's "M31S (sleeping)" case served these M30S replies with this status reply.
        let r = try await FixtureMinerReplies(
            "whatsminer-m30s-btminer", overriding: ["status": "../whatsminer-m31s-btminer/status.sleeping.json"]
        ).reading()
        #expect(r.status == .sleeping)
        #expect(r.error == nil)
        #expect(r.powerW == 3230)
    }

    @Test func m31sCompactNewFirmware() async throws {
        let r = try await FixtureMinerReplies("whatsminer-m31s-btminer").reading()
        #expect(r.status == .ok)
        #expect(r.firmware == "btminer 20201202.22.REL")
        #expect(close(r.hashrateHs, 77_909_448.60e6))
        #expect(close(r.hashrateAvgHs, 76_718_604.38e6))
        #expect(r.powerW == 3553)
        #expect(r.powerQuality == .reported)
        #expect(r.powerLimitW == 3600)
        #expect(r.tempBoardC == [57.5, 72, 68])
        #expect(r.tempChipC == [77.44, 93, 89.17])
        #expect(r.tempMaxC == 93)
        #expect(r.tempInletC == 7)
        #expect(r.fansRPM == [5700])  // Fan Speed Out 0
        #expect(r.device.description == "asic:c6:06:12:00:2d:63")
    }

    @Test func m31sPrettyPrintedVariant() async throws {
        let r = try await FixtureMinerReplies(
            "whatsminer-m31s-btminer", overriding: ["summary": "summary.pretty.json", "edevs": "edevs.pretty.json"]
        ).reading()
        #expect(r.firmware == "btminer 20210109.22.REL")
        #expect(close(r.hashrateHs, 97_878_725.92e6))
        #expect(r.powerW == 3496)
        #expect(r.tempChipC == [94.95, 94.9, 92.9])
        #expect(r.tempMaxC == 94.95)
        #expect(r.tempInletC == nil)  // no Env Temp in this capture
        #expect(r.fansRPM == [3870, 3930])
        #expect(r.device.description == "asic:c4:05:09:00:02:9b")
    }

    @Test func m3OldCgminerNoPower() async throws {
        let r = try await FixtureMinerReplies("whatsminer-m3-cgminer").reading()
        #expect(r.status == .ok)
        #expect(r.vendor == "MicroBT")
        #expect(r.firmware == "cgminer 4.9.2")
        #expect(close(r.hashrateHs, 12_239_079.72e6))
        #expect(close(r.hashrateAvgHs, 11_763_615.45e6))
        #expect(r.tempBoardC == [85.5, 75, 75.5])  // stats SM0..2 temp_now_max
        #expect(r.tempChipC == nil)
        #expect(r.tempMaxC == 85.5)
        #expect(r.fansRPM == [5730, 5880])
        #expect(r.powerW == nil)
        #expect(r.powerLimitW == nil)
        #expect(r.device == FixtureMinerReplies.fallbackDevice)
    }
}
