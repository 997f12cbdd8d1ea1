import FleetCore
import Foundation
import YAMLConfig

/// `fleet-agent plan check`: a plan checked as a whole (against an inventory when one is given), and the caps it
/// would set at one time.
public enum PlanCheck {
    /// What stops a check: the plan's problems, or an inventory file that cannot be read.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case plan(ConfigError)
        case inventory(InventoryFile.Failure)

        public var description: String {
            switch self {
            case .plan(let error): "\(error)"
            case .inventory(let error): "\(error)"
            }
        }
    }

    /// The plan at `planPath`, checked against the inventory at `inventoryPath` if given, allocated at `time`.
    public static func run(planPath: String, inventoryPath: String?, at time: Timestamp) throws(Failure) -> Allocation {
        var inventory: DeviceInventory?
        if let inventoryPath {
            do {
                inventory = try InventoryFile.load(path: inventoryPath)
            } catch {
                throw .inventory(error)
            }
        }
        let plan: SitePlan
        do {
            plan = try SitePlan.load(path: planPath, inventory: inventory)
        } catch {
            throw .plan(error)
        }
        return PowerAllocator.allocate(plan: plan, inventory: inventory ?? DeviceInventory([]), at: time)
    }

    /// One JSON object per device: `device`, `class`, `cap_w` (null when slept or not controlled), `reason`, and
    /// `step`, `counted_w`, `tenant`.
    public static func jsonLines(_ allocation: Allocation) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return allocation.decisions.map { decision in
            let data = (try? encoder.encode(DecisionLine(decision))) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The budget in force, then a table: device, class, cap, counted, reason.
    public static func table(_ allocation: Allocation) -> [String] {
        var lines = [
            "budget at \(allocation.time.rfc3339): \(NumberText.fixed(allocation.budgetW)) W; allocated "
                + "\(NumberText.fixed(allocation.allocatedW)) W to \(allocation.decisions.count) devices"
        ]
        guard !allocation.decisions.isEmpty else { return lines + ["no inventory: --inventory FILE for the caps"] }
        let rows = allocation.decisions.map { d -> [String] in
            let cap: String
            switch d.setting {
            case .limit(let watts): cap = NumberText.fixed(watts) + " W"
            case .step(let step): cap = "\(NumberText.fixed(step.watts)) W (\(step.name))"
            case .sleep: cap = "asleep"
            case .uncontrolled: cap = "-"
            }
            return [
                d.device.description, d.loadClass?.rawValue ?? "-", cap, NumberText.fixed(d.countedW) + " W",
                d.reason.description,
            ]
        }
        lines += TextTable.lines([["DEVICE", "CLASS", "CAP", "COUNTED", "REASON"]] + rows)
        return lines
    }

    private struct DecisionLine: Encodable {
        let device: String
        let loadClass: String?
        let capW: Double?
        let step: String?
        let countedW: Double
        let reason: String
        let tenant: String?

        init(_ d: PowerDecision) {
            device = d.device.description
            loadClass = d.loadClass?.rawValue
            capW = d.capW
            if case .step(let s) = d.setting { step = s.name } else { step = nil }
            countedW = d.countedW
            reason = d.reason.description
            tenant = d.tenant
        }

        enum CodingKeys: String, CodingKey {
            case device
            case loadClass = "class"
            case capW = "cap_w"
            case step
            case countedW = "counted_w"
            case reason
            case tenant
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(device, forKey: .device)
            try c.encode(loadClass, forKey: .loadClass)
            try c.encode(capW, forKey: .capW)
            try c.encode(step, forKey: .step)
            try c.encode(countedW, forKey: .countedW)
            try c.encode(reason, forKey: .reason)
            try c.encode(tenant, forKey: .tenant)
        }
    }
}
