import HostInventory
import Testing

@testable import HostInventory

/// Malformed dumps: every problem names the file and the line, and libpci never exits the process.
@Suite struct PCIDumpErrorTests {
    static func failure(_ text: String) throws -> InventoryInputError? {
        let path = try InventoryPaths.file(text, name: "bad.dump")
        return #expect(throws: InventoryInputError.self) { try PCIScanner.scan(.dump(path: path)) }
    }

    @Test func malformedHexByteNamesTheLine() throws {
        let error = try Self.failure("0000:17:00.0 VGA compatible controller\n00: de 10 04 22\n10: 00 zz 00\n")
        #expect(error?.line == 3 && error?.reason.contains("malformed config bytes at column 8") == true)
        #expect(error?.description.hasSuffix("bad.dump:3: " + (error?.reason ?? "")) == true)
    }

    @Test func doubleSpaceBetweenBytesIsMalformed() throws {
        #expect(try Self.failure("17:00.0 x\n00: de  10\n")?.line == 2)
    }

    @Test func lastLineWithoutNewlineIsReported() throws {
        let error = try Self.failure("0000:17:00.0 VGA\n00: de 10")
        #expect(error?.line == 2 && error?.reason.contains("no newline") == true)
    }

    @Test func overlongLineIsReported() throws {
        let error = try Self.failure("0000:17:00.0 VGA\n\t" + String(repeating: "x", count: 300) + "\n")
        #expect(error?.line == 2 && error?.reason.contains("253") == true)
    }

    @Test func nvmlStyleDomainIsRejected() throws {
        let error = try Self.failure("00000000:17:00.0 VGA compatible controller\n00: de 10\n")
        #expect(error?.line == 1 && error?.reason.contains("0000:17:00.0") == true)
    }

    @Test func configBytesOutsideADeviceAreReported() throws {
        #expect(try Self.failure("0000:17:00.0 VGA\n00: de 10\n\n10: 00 00\n")?.line == 4)
    }

    @Test func offsetBeyond4096IsReported() throws {
        #expect(try Self.failure("0000:17:00.0 VGA\nfff: 00 01\n")?.line == 2)
    }

    @Test func dumpWithoutDevicesIsReported() throws {
        let error = try Self.failure("# nothing here\n\n")
        #expect(error?.line == nil && error?.reason.contains("no device") == true)
    }

    @Test func missingFileIsReported() {
        let error = #expect(throws: InventoryInputError.self) {
            try HostInventory.scan(pciDump: "/nonexistent/host.dump", usb: false)
        }
        #expect(error?.file == "/nonexistent/host.dump" && error?.reason.contains("cannot open") == true)
    }

    @Test func libpciRejectionReturnsInsteadOfExiting() throws {
        let path = try InventoryPaths.file("0000:17:00.0 VGA\n00: de 10 zz\n", name: "raw.dump")
        let error = #expect(throws: InventoryInputError.self) {
            try PCIScanner.scan(.dump(path: path), validatingDump: false)
        }
        #expect(error?.file == path && error?.reason == "libpci: dump: Malformed line")
    }

    @Test func everyFixtureDumpPassesTheCheck() throws {
        for name in [
            "nvidia-quadro-p1000.dump", "nvidia-quadro-p1000_lspci-v-x.dump", "nvidia-h100-sxm5-80gb.dump",
            "SYNTHETIC-mining-rig-3090x1-4090x1.dump",
        ] {
            #expect(try PCIScanner.scan(.dump(path: InventoryPaths.pci(name))).isEmpty == false, "\(name)")
        }
    }
}
