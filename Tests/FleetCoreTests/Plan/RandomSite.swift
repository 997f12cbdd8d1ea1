import FleetCore
import TestSupport

/// A random plan and inventory from a seed: racks of GPUs and miners of random capabilities, circuits over some
/// racks, rules by kind, model and id, budgets from nothing to plenty. Replayable: the same seed, the same site.
struct RandomSite {
    var plan: SitePlan
    var inventory: DeviceInventory

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let count = Int.random(in: 1...40, using: &random)
        var devices: [InventoryDevice] = []
        for index in 0..<count {
            let rack = Int.random(in: 0...3, using: &random)
            let gpu = Bool.random(using: &random)
            let id = DeviceID("\(gpu ? "gpu" : "asic"):r\(rack)-\(index)")!
            let model = gpu ? "gpu" : ["m1", "m2", "f1"].randomElement(using: &random)!
            devices.append(
                InventoryDevice(
                    id: id, model: model, capability: Self.capability(gpu: gpu, using: &random),
                    drawW: Bool.random(using: &random) ? Double.random(in: 0...4000, using: &random) : nil,
                    limitW: Bool.random(using: &random) ? Double.random(in: 100...4000, using: &random) : nil))
        }
        inventory = DeviceInventory(devices)
        let circuits = (0..<Int.random(in: 0...3, using: &random)).map { rack in
            Circuit(
                name: "pdu-\(rack)", breakerA: [15, 20, 30, 60].randomElement(using: &random)!,
                volts: [120, 208, 240].randomElement(using: &random)!, devices: [DeviceGlob("*:r\(rack)-*")])
        }
        var rules: [DeviceRule] = []
        for model in ["gpu", "m1", "m2", "f1"].shuffled(using: &random) where Int.random(in: 0..<5, using: &random) > 0
        {
            let cap = Bool.random(using: &random) ? Double.random(in: 50...3500, using: &random) : nil
            let floor = Bool.random(using: &random) ? Double.random(in: 0...(cap ?? 1500), using: &random) : nil
            let firm = model == "gpu" || model == "f1"
            rules.append(
                DeviceRule(
                    model: DeviceGlob(model), loadClass: firm ? .firm : .flexible, capW: cap, floorW: floor,
                    priority: firm || Bool.random(using: &random) ? nil : Int.random(in: 1...3, using: &random)))
        }
        plan = SitePlan(
            budgetW: Double.random(in: 0...(Double(count) * 2500), using: &random), circuits: circuits,
            devices: rules)
    }

    private static func capability(gpu: Bool, using random: inout SplitMix64) -> DeviceCapability {
        if gpu {
            let minimum = Bool.random(using: &random) ? Double.random(in: 100...300, using: &random) : nil
            let maximum = Bool.random(using: &random) ? Double.random(in: 300...700, using: &random) : nil
            return DeviceCapability(control: .continuous(minW: minimum, maxW: maximum), canSleep: false, family: "nvml")
        }
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let minimum = Bool.random(using: &random) ? Double.random(in: 100...1000, using: &random) : nil
            let maximum = Bool.random(using: &random) ? Double.random(in: 1000...3600, using: &random) : nil
            return DeviceCapability(control: .continuous(minW: minimum, maxW: maximum), canSleep: true, family: "c")
        case 1, 2:
            var watts = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                Double.random(in: 200...3600, using: &random).rounded()
            }
            watts = Array(Set(watts)).sorted()
            let steps = watts.enumerated().map { PowerStep(name: "s\($0.offset)", watts: $0.element) }
            return DeviceCapability(control: .steps(steps), canSleep: Bool.random(using: &random), family: "d")
        default:
            return DeviceCapability(control: .none(reason: "no path"), canSleep: false, family: "none")
        }
    }
}
