import Foundation
import Testing

@testable import FleetCore

@Suite struct ReadingCodingTests {
    static func encode(_ reading: Reading) throws -> [String: Any] {
        let data = try JSONEncoder().encode(reading)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func unknownFieldsAreWrittenAsNullNotLeftOut() throws {
        let reading = Reading(
            time: Timestamp(millisecondsSinceEpoch: 0), host: "h", device: DeviceID("asic:10.0.0.1:4028")!, kind: .asic,
            address: "10.0.0.1:4028")
        let object = try Self.encode(reading)
        #expect(object["power_w"] is NSNull)
        #expect(object["hashrate_hs"] is NSNull)
        #expect(object["temp_max_c"] is NSNull)
        #expect(object["seq"] == nil, "seq is absent outside the ledger")
        #expect(object["gpu_util_pct"] == nil, "GPU-only fields are not written for an ASIC")
    }

    @Test func usesTheSchemaNamesAndUnits() throws {
        var reading = Reading(
            time: Timestamp(millisecondsSinceEpoch: 1000), host: "gpu-07", device: DeviceID("asic:aa:bb")!, kind: .asic,
            address: "10.0.0.1:4028")
        reading.powerW = 3230
        reading.powerQuality = .reported
        reading.hashrateHs = 86.5e12
        reading.fansRPM = [5000, 5100]
        let object = try Self.encode(reading)
        #expect(object["time"] as? String == "1970-01-01T00:00:01.000Z")
        #expect(object["power_w"] as? Double == 3230)
        #expect(object["power_quality"] as? String == "reported")
        #expect(object["hashrate_hs"] as? Double == 86.5e12)
        #expect(object["fans_rpm"] as? [Double] == [5000, 5100])
        #expect(object["status"] as? String == "ok")
    }

    @Test func roundTripsThroughJSON() throws {
        var reading = Reading(
            time: Timestamp(millisecondsSinceEpoch: 1_796_000_000_123), host: "h", device: DeviceID("gpu:GPU-1")!,
            kind: .gpu,
            address: "0000:17:00.0", status: .error, error: "GPU is lost")
        reading.throttle = ["sw_power_cap"]
        reading.memTotalBytes = 85e9
        let data = try JSONEncoder().encode(reading)
        #expect(try JSONDecoder().decode(Reading.self, from: data) == reading)
    }
}
