import FleetCore
import Foundation
import HostInventory

/// What `fleet-agent inventory` prints: tables for a person, or one JSON object.
struct InventoryReport {
    let inventory: HostInventory
    let matches: [InventoryMatch]

    struct GPU: Encodable {
        var address: String?
        var ids: String?
        var model: String?
        var pciClass: String?
        var driver: String?
        var state: String
        var nvmlDevice: String?
        var nvmlStatus: String?
        var explanation: String

        enum CodingKeys: String, CodingKey {
            case address, ids, model, driver, state, explanation
            case pciClass = "pci_class"
            case nvmlDevice = "nvml_device"
            case nvmlStatus = "nvml_status"
        }
    }

    struct USB: Encodable {
        var port: String
        var ids: String
        var manufacturer: String?
        var product: String?
        var serial: String?
        var recognition: Recognition
        var device: String?
        var category: String?
        var candidates: [String]?

        /// `USBRecognition` without its payload, as the JSON names it.
        enum Recognition: String, Encodable {
            case recognized, ambiguous, unknown
        }
    }

    struct Document: Encodable {
        var pciSource: String
        var gpus: [GPU]
        var usb: [USB]
        var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case gpus, usb, warnings
            case pciSource = "pci_source"
        }
    }

    var pciSource: String {
        switch inventory.pciSource {
        case .sysfs(let root): root ?? "/sys/bus/pci"
        case .dump(let path): path
        }
    }

    var gpus: [GPU] {
        matches.map { m in
            GPU(
                address: m.pciGPU?.address.description ?? m.reading?.address, ids: m.pciGPU?.ids,
                model: m.pciGPU?.modelName ?? m.reading?.model, pciClass: m.pciGPU?.classCode,
                driver: m.pciGPU?.driver, state: m.state.rawValue, nvmlDevice: m.reading?.device.description,
                nvmlStatus: m.reading?.status.rawValue, explanation: m.explanation)
        }
    }

    var usb: [USB] {
        inventory.usbDevices.map { entry in
            let d = entry.device
            var usb = USB(
                port: d.portPath, ids: d.ids, manufacturer: d.manufacturer, product: d.product, serial: d.serial,
                recognition: .unknown)
            switch entry.recognition {
            case .recognized(let match):
                usb.recognition = .recognized
                usb.device = match.device
                usb.category = match.category
            case .ambiguous(let candidates):
                usb.recognition = .ambiguous
                usb.candidates = candidates.map(\.device)
            case .unknown:
                break
            }
            return usb
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(pciSource: pciSource, gpus: gpus, usb: usb, warnings: inventory.warnings)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    func text() -> String {
        var out = ["PCI GPUs (\(pciSource))"]
        let gpuRows = gpus.map { g in
            [g.address ?? "-", g.ids ?? "-", g.model ?? "-", g.driver ?? "-", g.state, g.explanation]
        }
        out +=
            gpuRows.isEmpty
            ? ["  none"]
            : TextTable.lines([["ADDRESS", "IDS", "MODEL", "DRIVER", "STATE", "NVML"]] + gpuRows, indent: "  ")
        let usb = self.usb
        if usb.isEmpty {
            out += ["", "USB devices", "  none found (or not scanned)"]
        } else {
            out += ["", "USB devices"]
            let usbRows = usb.map { u in
                let strings = [u.manufacturer, u.product].compactMap { $0 }.joined(separator: " / ")
                let what: String
                switch u.recognition {
                case .recognized: what = "\(u.category ?? "?"): \(u.device ?? "?")"
                case .ambiguous:
                    what =
                        "ambiguous (shared VID:PID, strings do not settle it): "
                        + (u.candidates ?? []).joined(separator: "; ")
                case .unknown: what = "not a known miner or relay"
                }
                return [u.port, u.ids, strings.isEmpty ? "-" : strings, what]
            }
            out += TextTable.lines(
                [["PORT", "IDS", "MANUFACTURER / PRODUCT", "RECOGNIZED AS"]] + usbRows, indent: "  ")
        }
        out += inventory.warnings.map { "! " + $0 }
        return out.joined(separator: "\n")
    }
}
