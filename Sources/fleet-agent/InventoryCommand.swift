import Agent
import ArgumentParser
import FleetCore
import Foundation
import HostInventory
import NVML

/// `fleet-agent inventory`: the NVIDIA GPUs on the PCI bus and the USB devices, with what matched them.
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List the PCI GPUs (matched to NVML by bus id) and the USB miners and relays of this host.",
        discussion: """
            A GPU that the bus shows but NVML does not (driver missing, fallen off the bus) is listed as such. USB \
            devices are recognized by VID:PID plus their manufacturer and product strings; a bridge-chip id alone \
            (CP210x, FTDI) stays ambiguous.
            """
    )

    @OptionGroup var gpus: GPUSourceOptions

    @Option(name: .customLong("usb-record"), help: "Read USB devices from this recorded inventory instead of libusb.")
    var usbRecord: String?

    @Flag(name: .customLong("no-usb"), help: "Do not list USB devices.")
    var noUSB = false

    @Option(name: .customLong("record-usb"), help: "Also write the USB devices found to this file (record format).")
    var recordUSB: String?

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Option(help: "The host name put in the NVML readings.")
    var host: String = HostName.current()

    func validate() throws {
        if noUSB, usbRecord != nil || recordUSB != nil {
            throw ValidationError("--no-usb excludes --usb-record and --record-usb")
        }
    }

    func run() async throws {
        var inventory: HostInventory
        do {
            inventory = try HostInventory.scan(pciDump: gpus.pciDump, usb: !noUSB, usbRecord: usbRecord)
        } catch let error as InventoryInputError {
            throw GPUCommandFailure(description: error.description)
        }
        var readings: [Reading] = []
        if !gpus.noGPU {
            do throws(NVMLError) {
                readings = try gpus.loadNVML()
                    .readAll(host: host, at: .now())
            } catch {
                inventory.warnings.append("NVML not read: \(error)")
            }
        }
        if let recordUSB {
            try USBRecord.format(inventory.usbDevices.map(\.device)).write(
                toFile: recordUSB, atomically: true, encoding: .utf8)
        }
        let report = InventoryReport(inventory: inventory, matches: inventory.matched(with: readings))
        print(json ? try report.json() : report.text())
    }
}
