import Foundation
import Testing

@testable import FleetCore

/// `Reading.screenImplausibleValues`: values no device can produce become null and are named in `rejected`.
@Suite struct PlausibilityTests {
    static func reading(_ kind: DeviceKind) -> Reading {
        Reading(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "h",
            device: kind == .gpu ? .gpu(uuid: "GPU-1") : .asic(endpoint: "10.0.0.1:4028"),
            kind: kind, address: kind == .gpu ? "0000:17:00.0" : "10.0.0.1:4028")
    }

    @Test func asicPowerOf1e30IsDroppedAndNamedWithItsRange() throws {
        var r = Self.reading(.asic)
        r.powerW = 1e30
        r.powerQuality = .reported
        r.hashrateHs = 100e12
        r.screenImplausibleValues()
        #expect(r.powerW == nil)
        #expect(r.powerQuality == nil, "a dropped power takes its quality with it")
        #expect(r.status == .ok, "the hashrate is still plausible")
        let rejected = try #require(r.rejected?.first)
        #expect(rejected.field == "power_w")
        #expect(rejected.value == "1e+30")
        #expect(rejected.reason == "outside the plausible range")
        #expect(rejected.lower == 0 && rejected.upper == 15_000 && rejected.unit == "W")
        #expect(rejected.description == "power_w 1e+30: outside the plausible range 0…15000 W")
    }

    @Test func realValuesAtTheEdgesAreKept() {
        var r = Self.reading(.asic)
        r.powerW = 11_180  // the largest hydro units' nameplate
        r.hashrateHs = 1.16e15
        r.tempChipC = [-39, 149]
        r.fansRPM = [6_000]
        r.screenImplausibleValues()
        #expect(r.rejected == nil)
        #expect(r.powerW == 11_180 && r.hashrateHs == 1.16e15 && r.tempChipC == [-39, 149] && r.fansRPM == [6_000])
    }

    @Test func everyPrincipalValueImplausibleMakesTheReadingAnError() {
        var r = Self.reading(.asic)
        r.powerW = -5
        r.hashrateHs = .infinity
        r.tempMaxC = 60
        r.screenImplausibleValues()
        #expect(r.status == .error)
        #expect(r.powerW == nil && r.hashrateHs == nil)
        #expect(r.tempMaxC == 60, "what is plausible stays")
        #expect(r.rejected?.map(\.reason) == ["negative", "not finite"])
        #expect(r.error?.hasPrefix("every principal value is implausible (power_w -5: negative") == true)
    }

    @Test func gpuTemperatureAndUtilizationOutOfRangeAreDropped() {
        var r = Self.reading(.gpu)
        r.powerW = 300
        r.tempMaxC = 5_000
        r.gpuUtilPct = 900
        r.screenImplausibleValues()
        #expect(r.tempMaxC == nil && r.gpuUtilPct == nil)
        #expect(r.powerW == 300 && r.status == .ok)
        #expect(Set(r.rejected?.map(\.field) ?? []) == ["temp_max_c", "gpu_util_pct"])
    }

    @Test func gpuPowerIsCheckedAgainstItsOwnMaximumLimit() {
        var r = Self.reading(.gpu)
        r.powerW = 1_200  // under the 2 kW ceiling for any GPU, but 1.7 x this board's 700 W maximum
        r.tempMaxC = 50
        r.screenImplausibleValues(gpuMaxPowerW: 700)
        #expect(r.powerW == nil)
        #expect(r.rejected?.first?.upper == 1_050)
        var fine = Self.reading(.gpu)
        fine.powerW = 720  // a 1-s average a little over the limit is real
        fine.screenImplausibleValues(gpuMaxPowerW: 700)
        #expect(fine.powerW == 720 && fine.rejected == nil)
    }

    @Test func memoryUsedAboveTotalIsDropped() {
        var r = Self.reading(.gpu)
        r.memTotalBytes = 80e9
        r.memUsedBytes = 81e9
        r.screenImplausibleValues()
        #expect(r.memUsedBytes == nil && r.memTotalBytes == 80e9)
        #expect(r.rejected?.first?.reason == "above mem_total_bytes (80000000000)")
    }

    @Test func oneImplausibleSensorIsDroppedFromItsList() {
        var r = Self.reading(.asic)
        r.fansRPM = [5_400, 1e9, -3]
        r.tempBoardC = [61, 400]
        r.screenImplausibleValues()
        #expect(r.fansRPM == [5_400])
        #expect(r.tempBoardC == [61])
        #expect(r.rejected?.count == 3)
    }

    @Test func everyRangeHasASourceAndSaneBounds() {
        for range in PlausibleRanges.all {
            #expect(!range.source.isEmpty, "\(range.field) \(range.kind)")
            #expect(range.lower < range.upper && range.upper.isFinite)
        }
        for field in [ReadingField.powerW, .hashrateHs, .tempMaxC, .fansRPM] {
            #expect(PlausibleRanges.range(field, for: .asic) != nil)
        }
        for field in [ReadingField.powerW, .gpuUtilPct, .tempMaxC, .memUsedBytes, .smClockMHz] {
            #expect(PlausibleRanges.range(field, for: .gpu) != nil)
        }
    }

    @Test func rejectedValuesAreEncodedForPrograms() throws {
        var r = Self.reading(.asic)
        r.powerW = 1e30
        r.screenImplausibleValues()
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any])
        let rejected = try #require(object["rejected"] as? [[String: Any]])
        #expect(rejected.first?["field"] as? String == "power_w")
        #expect(rejected.first?["value"] as? String == "1e+30")
        #expect(rejected.first?["upper"] as? Double == 15_000)
        #expect(Self.reading(.asic).rejected == nil)
    }
}
