import Foundation
import Testing

@testable import FleetCore

/// Device ids: one set of rules for every id the agent writes, and the text form read back.
@Suite struct DeviceIDTests {
    @Test func macsAreLowerCaseAndColonSeparatedWhateverTheirForm() {
        #expect(DeviceID.asic(mac: "C6:02:14:00:1F:B3")?.description == "asic:c6:02:14:00:1f:b3")
        #expect(DeviceID.asic(mac: "123456789012")?.description == "asic:12:34:56:78:90:12")
        #expect(DeviceID.asic(mac: "c6-02-14-00-1f-b3") == DeviceID.asic(mac: "C6:02:14:00:1F:B3"))
        #expect(DeviceID.asic(mac: "00:00:00:00:00:00") == nil)
        #expect(DeviceID.asic(mac: "not a mac") == nil)
        #expect(DeviceID.asic(mac: nil) == nil)
    }

    @Test func serialsAreLowerCaseAndPlain() {
        #expect(DeviceID.asic(serial: "8048CCC67510481C")?.description == "asic:8048ccc67510481c")
        #expect(DeviceID.asic(serial: " 0137dace492a2ec1 ")?.description == "asic:0137dace492a2ec1")
        #expect(DeviceID.asic(serial: "0000") == nil)
        #expect(DeviceID.asic(serial: "") == nil)
        #expect(DeviceID.asic(serial: "ab/cd") == nil)
        #expect(DeviceID.asic(serial: "ünï") == nil, "non-ASCII letters never make an id")
    }

    @Test func gpuIdsNameTheirSource() {
        #expect(DeviceID.gpu(uuid: "GPU-eb0003d2").description == "gpu:GPU-eb0003d2")
        #expect(DeviceID.gpu(nvmlIndex: 3).description == "gpu:nvml-index-3")
        let bus = PCIBusID(domain: 0, bus: 0x17, device: 0)
        #expect(DeviceID.gpu(busOnly: bus).description == "gpu:pci-0000:17:00.0")
        #expect(DeviceID.gpu(uuid: "x").kind == .gpu && DeviceID.asic(endpoint: "10.0.0.1:4028").kind == .asic)
    }

    @Test func theTextFormReadsBackAndNonsenseDoesNot() throws {
        for id in [DeviceID.gpu(uuid: "GPU-1"), .asic(endpoint: "[fd00::1]:4028"), DeviceID.asic(mac: "123456789012")!]
        {
            #expect(DeviceID(id.description) == id)
            let json = try JSONEncoder().encode([id])
            #expect(try JSONDecoder().decode([DeviceID].self, from: json) == [id])
            #expect(
                String(decoding: json, as: UTF8.self)
                    == "[\"\(id.description.replacingOccurrences(of: "/", with: "\\/"))\"]")
        }
        #expect(DeviceID("cpu:1") == nil)
        #expect(DeviceID("asic:") == nil)
        #expect(DeviceID("no colon") == nil)
        #expect(DeviceID("asic:a\u{1B}[2J") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([DeviceID].self, from: Data(#"["pdu:1"]"#.utf8))
        }
    }
}
