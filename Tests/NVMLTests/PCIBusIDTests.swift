import FleetCore
import NVML
import Testing

@Suite struct PCIBusIDTests {
    @Test func nvmlAndSysfsFormsAreTheSameAddress() throws {
        let nvml = try #require(PCIBusID("00000000:17:00.0"))
        let sysfs = try #require(PCIBusID("0000:17:00.0"))
        #expect(nvml == sysfs)
        #expect(PCIBusID("17:00.0") == sysfs)
        #expect(PCIBusID("0000:CB:00.0")?.description == "0000:cb:00.0")
        #expect(nvml.nvmlFormat == "00000000:17:00.0")
    }

    @Test func malformedAddressesAreRejected() {
        let malformed = [
            "", "17:00", "0000:17:00.8", "0000:17:20.0", "000000000:17:00.0", "0000:117:00.0", "zz:00.0",
            "+17:00.0", "0000:-1:00.0", "0000:17:+0.0",  // a sign is not a hex digit
        ]
        for text in malformed {
            #expect(PCIBusID(text) == nil, "\(text)")
        }
    }

    @Test func ordersByDomainBusDeviceFunction() throws {
        let ids = ["0000:65:00.0", "0000:17:00.1", "0001:00:00.0", "0000:17:00.0"].compactMap { PCIBusID($0) }
        #expect(ids.sorted().map(\.description) == ["0000:17:00.0", "0000:17:00.1", "0000:65:00.0", "0001:00:00.0"])
    }

    @Test func clockEventReasonNamesFollowNvidiaSmi() {
        let reasons: ClockEventReasons = [.swPowerCap, .hwThermalSlowdown, ClockEventReasons(rawValue: 1 << 12)]
        #expect(reasons.names == ["sw_power_cap", "hw_thermal_slowdown", "bit_12"])
        #expect(ClockEventReasons(rawValue: 0).names.isEmpty)
    }
}
