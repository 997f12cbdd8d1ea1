import FleetCore
import Foundation
import HostInventory
import Testing

@testable import HostInventory

/// USB recognition by VID:PID plus strings, the record format, and libusb on a host without USB.
@Suite struct USBInventoryTests {
    static let record = InventoryPaths.usb("SYNTHETIC-mining-rig.usb")

    static func entry(_ recognition: USBRecognition) -> USBCatalogEntry? {
        if case .recognized(let entry) = recognition { return entry }
        return nil
    }

    @Test func recordedRigIsRecognizedDeviceByDevice() throws {
        let usb = try HostInventory.scan(
            pci: .dump(path: InventoryPaths.pci("nvidia-h100-sxm5-80gb.dump")), usb: .record(path: Self.record)
        ).usbDevices
        // Required, so that an empty scan fails here instead of trapping on the indices below.
        try #require(usb.map(\.device.portPath) == ["usb1", "1-1", "1-2", "1-3", "1-4", "1-5"])
        #expect(usb[0].recognition == .unknown)
        #expect(Self.entry(usb[1].recognition)?.device == "GekkoScience Compac F (BM1397)")
        #expect(Self.entry(usb[3].recognition)?.category == "usb-relay")
        #expect(Self.entry(usb[4].recognition)?.category == "usb-serial")
        #expect(Self.entry(usb[5].recognition)?.cgminerName == "AV3U")
        guard case .ambiguous(let candidates) = usb[2].recognition else {
            Issue.record("a CP2102 with its default strings must stay ambiguous: \(usb[2].recognition)")
            return
        }
        let names = candidates.map(\.device)
        #expect(names.contains { $0.hasPrefix("Bitmain AntMiner U1") } && names.contains { $0.hasPrefix("Conrad") })
    }

    @Test func vidPidAloneNeverIdentifiesADevice() {
        let catalog = USBCatalog.builtIn
        let ftdi = USBDevice(
            bus: 1, portPath: "1-1", vendorID: 0x0403, productID: 0x6015, manufacturer: "FTDI",
            product: "FT230X Basic UART")
        #expect(catalog.recognize(ftdi) == .unknown)
        let bare = USBDevice(bus: 1, portPath: "1-2", vendorID: 0x10c4, productID: 0xea60)
        guard case .ambiguous(let candidates) = catalog.recognize(bare) else {
            Issue.record("expected ambiguous")
            return
        }
        #expect(candidates.allSatisfy { !$0.comparesStrings } && candidates.count >= 5)
        let gekko = USBDevice(
            bus: 1, portPath: "1-3", vendorID: 0x10c4, productID: 0xea60,
            manufacturer: "GekkoScience", product: "2Pac BM1384 Bitcoin Miner")
        #expect(Self.entry(catalog.recognize(gekko))?.cgminerName == "GSD")
    }

    @Test func questionMarkInTheCatalogMatchesAnyOneCharacter() {
        let bifury = USBDevice(
            bus: 2, portPath: "2-1", vendorID: 0x198c, productID: 0xb1f1, manufacturer: "c-scape",
            product: "bi\u{2022}fury")
        #expect(Self.entry(USBCatalog.builtIn.recognize(bifury))?.cgminerName == "BXF")
    }

    @Test func embeddedCatalogIsTheCorpusTable() throws {
        // Fixtures/usb/usb-device-ids.csv is the corpus table copied byte for byte (usb-device-ids.SOURCE.md).
        let corpus = InventoryPaths.usb("usb-device-ids.csv")
        let text = try String(contentsOfFile: corpus, encoding: .utf8)
        #expect(USBDeviceIDs.csv + "\n" == text)
        #expect(USBCatalog.builtIn.entries.count == 44)
    }

    @Test func malformedRecordNamesFileAndLine() throws {
        let path = try InventoryPaths.file("# ok\n1\t1-1\t0403:6015\tA\tB\t\n1\t1-2\t0403\tA\tB\t\n", name: "bad.usb")
        let error = #expect(throws: InventoryInputError.self) { try USBRecord.load(path: path) }
        #expect(error?.description.hasPrefix("\(path):3: vid:pid must be") == true)
        let short = try InventoryPaths.file("1\t1-1\t0403:6015\n", name: "short.usb")
        let second = #expect(throws: InventoryInputError.self) {
            try HostInventory.scan(pciDump: nil, usb: true, usbRecord: short)
        }
        #expect(second?.line == 1 && second?.reason.contains("got 3") == true)
        // A sign is not a hex digit, though UInt16("+403", radix: 16) takes it.
        let signed = try InventoryPaths.file("1\t1-1\t+403:6015\tA\tB\t\n", name: "signed.usb")
        let third = #expect(throws: InventoryInputError.self) { try USBRecord.load(path: signed) }
        #expect(third?.line == 1 && third?.reason.hasPrefix("vid:pid must be") == true)
    }

    @Test func recordFormatRoundTrips() throws {
        let devices = try USBRecord.load(path: Self.record)
        #expect(try USBRecord.parse(USBRecord.format(devices), file: "round-trip") == devices)
        #expect(devices[3].serial == nil && devices[1].serial == "SYNTHETIC-0001")
    }

    /// What the live scan can always be held to, whatever USB this host has: when libusb scans, it finds exactly
    /// the devices sysfs lists (root hubs `usbN` and devices `B-P.P`, not their `B-P:C.I` interfaces), each with a
    /// port path well formed for its bus; when it cannot, the inventory says so in one warning and lists no device
    /// instead of failing.
    @Test func liveScanListsWhatSysfsListsOrSaysWhyNot() throws {
        let inventory = try HostInventory.scan(
            pci: .dump(path: InventoryPaths.pci("nvidia-quadro-p1000.dump")), usb: .libusb())
        #expect(inventory.pciGPUs.count == 1)
        let scanned = inventory.usbDevices.map(\.device)
        if inventory.warnings.isEmpty {
            let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/bus/usb/devices")) ?? []
            #expect(Set(scanned.map(\.portPath)) == Set(listed.filter { !$0.contains(":") }))
            #expect(scanned.allSatisfy { USBRecord.isPortPath($0.portPath, bus: $0.bus) })
        } else {
            #expect(inventory.warnings.count == 1)
            #expect(inventory.warnings.first?.hasPrefix("USB not scanned: libusb_") == true, "\(inventory.warnings)")
            #expect(scanned.isEmpty)
        }
    }
}

@Suite struct USBCatalogRuleTests {
    @Test func rangeInParenthesesListsTheAlternatives() {
        #expect(USBCatalog.alternatives("USBRelay2 (USBRelay1..8)").count == 8)
        #expect(USBCatalog.alternatives("USBRelay2 (USBRelay1..8)").last == "USBRelay8")
        #expect(USBCatalog.alternatives("Compac BM1384 Bitcoin Miner") == ["Compac BM1384 Bitcoin Miner"])
        let relay8 = USBDevice(
            bus: 1, portPath: "1-1", vendorID: 0x16c0, productID: 0x05df, manufacturer: "www.dcttech.com",
            product: "USBRelay8")
        #expect(USBInventoryTests.entry(USBCatalog.builtIn.recognize(relay8))?.category == "usb-relay")
    }
}
