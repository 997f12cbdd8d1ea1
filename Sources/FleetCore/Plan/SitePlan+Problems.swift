extension SitePlan {
    /// Everything wrong with the plan as a whole, each with its key path (`schedule[1]`, `devices[0].cap_w`) and
    /// reason; empty when it can be used. With `inventory`, also what only the host's devices show: a circuit that
    /// covers none of them, a device on two circuits, a circuit over its continuous limit at the firm floors and
    /// uncontrolled draw.
    public func problems(inventory: DeviceInventory? = nil) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        func problem(_ path: String, _ reason: String) {
            problems.append(ConfigProblem(path: path, line: nil, reason: reason))
        }
        if version != 1 { problem("version", "only version 1 exists") }
        if !(budgetW >= 0 && budgetW <= Self.largestBudgetW) { problem("budget_w", Self.budgetReason) }
        for (i, window) in schedule.enumerated() {
            if !(window.budgetW >= 0 && window.budgetW <= Self.largestBudgetW) {
                problem("schedule[\(i)].budget_w", Self.budgetReason)
            }
            if window.end <= window.start { problem("schedule[\(i)].end", "must be after start") }
            for j in 0..<i where schedule[j].overlaps(window) {
                problem(
                    "schedule[\(i)]",
                    "overlaps schedule[\(j)] (\(schedule[j].start.rfc3339) to \(schedule[j].end.rfc3339))")
            }
        }
        for (i, circuit) in circuits.enumerated() {
            if circuit.name.isEmpty { problem("circuits[\(i)].name", "required") }
            if circuits[..<i].contains(where: { $0.name == circuit.name }) {
                problem("circuits[\(i)].name", "another circuit is named \(circuit.name)")
            }
            if !(circuit.breakerA > 0 && circuit.breakerA <= 10_000) {
                problem("circuits[\(i)].breaker_a", "must be more than 0 A and at most 10,000 A")
            }
            if !(circuit.volts > 0 && circuit.volts <= 100_000) {
                problem("circuits[\(i)].volts", "must be more than 0 V and at most 100,000 V")
            }
            if circuit.devices.isEmpty { problem("circuits[\(i)].devices", "no devices: list at least one pattern") }
        }
        for (i, rule) in devices.enumerated() {
            if rule.match == nil && rule.kind == nil && rule.model == nil {
                problem("devices[\(i)]", "needs match, kind or model to say which devices it covers")
            }
            // One device's watts: at most what a device of the rule's kind (or of any kind) can draw, from the
            // plausibility table that screens readings.
            let most = Self.largestDeviceW(rule.kind)
            if let cap = rule.capW, !(cap > 0 && cap <= most) {
                problem("devices[\(i)].cap_w", "must be more than 0 W and at most \(DecisionReason.watts(most))")
            }
            if let floor = rule.floorW, !(floor >= 0 && floor <= most) {
                problem("devices[\(i)].floor_w", "must be 0 W or more and at most \(DecisionReason.watts(most))")
            }
            if let cap = rule.capW, let floor = rule.floorW, cap < floor {
                problem(
                    "devices[\(i)].cap_w",
                    "\(DecisionReason.watts(cap)) is below floor_w \(DecisionReason.watts(floor))")
            }
            if rule.priority != nil, rule.loadClass == .firm {
                problem("devices[\(i)].priority", "orders flexible devices only; firm devices are served together")
            }
            if let priority = rule.priority, priority < 1 { problem("devices[\(i)].priority", "must be 1 or more") }
        }
        if let inventory { problems += inventoryProblems(inventory) }
        return problems
    }

    /// 1 GW: more than any one host's feed (a site of 5,000 miners at 3.5 kW is 17.5 MW); beyond it a budget is a
    /// typing error, and sums of such numbers stop being finite.
    static let largestBudgetW = 1e9
    static let budgetReason = "must be a number of watts from 0 to 1,000,000,000"

    /// The most one device of `kind` (any kind when nil) can draw, by the plausible power readings may carry.
    static func largestDeviceW(_ kind: DeviceKind?) -> Double {
        (kind.map { [$0] } ?? [.asic, .gpu]).compactMap { PlausibleRanges.range(.powerW, for: $0)?.upper }.max()
            ?? .infinity
    }

    private func inventoryProblems(_ inventory: DeviceInventory) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        var need = [Double](repeating: 0, count: circuits.count)
        var members = [Int](repeating: 0, count: circuits.count)
        let index = PlanIndex(self)
        for device in inventory.devices {
            let on = circuits.indices.filter { circuits[$0].contains(device.id) }
            for c in on { members[c] += 1 }
            if on.count > 1 {
                problems.append(
                    ConfigProblem(
                        path: "circuits[\(on[1])].devices", line: nil,
                        reason: "\(device.id) is also on circuits[\(on[0])]: a device is on one circuit"))
            }
            if let c = on.first { need[c] += DeviceBounds(device: device, index: index).mandatoryW }
        }
        for (c, circuit) in circuits.enumerated() {
            if members[c] == 0, !circuit.devices.isEmpty {
                problems.append(
                    ConfigProblem(path: "circuits[\(c)].devices", line: nil, reason: "matches none of the devices"))
            }
            if need[c] > circuit.continuousLimitW {
                problems.append(
                    ConfigProblem(
                        path: "circuits[\(c)]", line: nil,
                        reason: "over its continuous limit at the floors: \(DecisionReason.watts(need[c])) of firm "
                            + "floors, minimums and uncontrolled draw, limit \(DecisionReason.watts(circuit.continuousLimitW)) "
                            + "(80 % of \(NumberText.fixed(circuit.breakerA, decimals: 1)) A × "
                            + "\(NumberText.fixed(circuit.volts)) V)"))
            }
        }
        return problems
    }
}
