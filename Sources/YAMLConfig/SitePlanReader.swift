import FleetCore
import Yams

/// Walks a site plan document (DESIGN "Site plan") into `SitePlan`, collecting every unknown key and wrong type with
/// its key path and line, and remembering the line of every path it read so that the plan's own checks
/// (`SitePlan.problems`) can be placed in the file too.
struct SitePlanReader {
    private(set) var problems: [ConfigProblem] = []
    /// The line of each key path and list item read (`schedule[1]`, `devices[0].cap_w`).
    private(set) var lines: [String: Int] = [:]

    mutating func read(_ root: Node?) -> SitePlan? {
        guard let root else {
            problems.append(ConfigProblem(path: "", line: nil, reason: "empty file: at least `budget_w` is needed"))
            return nil
        }
        var top = YAMLFields(root, path: "")
        guard top.isMapping else {
            problems += top.problems
            return nil
        }
        note(top, ["version", "site", "host", "budget_w", "schedule", "circuits", "devices"])
        let version = top.integer("version", in: Int.min...Int.max)
        if version == nil, top.node("version") == nil { top.problem("version", nil, "required: 1") }
        let budget = top.number("budget_w", in: Self.anyNumber)
        if budget == nil, top.node("budget_w") == nil { top.problem("budget_w", nil, "required: the host's watts") }
        var plan = SitePlan(
            version: version ?? 1, site: top.string("site"), host: top.string("host"), budgetW: budget ?? 0)
        // An item with a problem stays in the plan, with stand-ins for what could not be read, so that the plan's
        // indices stay the file's; the plan is rejected anyway.
        for item in items(&top, "schedule") { plan.schedule.append(window(item)) }
        for item in items(&top, "circuits") { plan.circuits.append(circuit(item)) }
        for item in items(&top, "devices") { plan.devices.append(rule(item)) }
        top.finish()
        problems += top.problems
        return plan
    }

    static let anyNumber = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude

    /// The line of `path`, else of the nearest enclosing path read.
    func line(of path: String) -> Int? {
        var path = Substring(path)
        while !path.isEmpty {
            if let line = lines[String(path)] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = path[..<cut]
        }
        return nil
    }

    private mutating func note(_ fields: YAMLFields, _ keys: [String]) {
        var fields = fields
        for key in keys {
            if let node = fields.node(key), let line = YAMLFields.line(of: node) { lines[fields.keyPath(key)] = line }
        }
    }

    /// The list under `key` as (path, node) pairs.
    private mutating func items(_ top: inout YAMLFields, _ key: String) -> [(String, Node)] {
        guard let list = top.sequence(key) else { return [] }
        return list.enumerated().map { index, node in
            let path = "\(key)[\(index)]"
            if let line = YAMLFields.line(of: node) { lines[path] = line }
            return (path, node)
        }
    }

    private mutating func window(_ item: (String, Node)) -> BudgetWindow {
        var fields = YAMLFields(item.1, path: item.0)
        guard fields.isMapping else {
            problems += fields.problems
            return BudgetWindow(
                start: .init(millisecondsSinceEpoch: 0), end: .init(millisecondsSinceEpoch: 0), budgetW: 0)
        }
        defer {
            fields.finish()
            problems += fields.problems
        }
        note(fields, ["start", "end", "budget_w"])
        let start = time(&fields, "start")
        let end = time(&fields, "end")
        let budget = fields.number("budget_w", in: Self.anyNumber)
        if budget == nil, fields.node("budget_w") == nil { fields.problem("budget_w", nil, "required") }
        guard let start, let end else {
            // An empty window at the epoch: overlaps nothing.
            return BudgetWindow(
                start: .init(millisecondsSinceEpoch: 0), end: .init(millisecondsSinceEpoch: 0), budgetW: 0)
        }
        return BudgetWindow(start: start, end: end, budgetW: budget ?? .nan)
    }

    private func time(_ fields: inout YAMLFields, _ key: String) -> Timestamp? {
        guard let text = fields.string(key) else {
            fields.problem(key, nil, "required: an RFC 3339 time (2026-12-01T20:00:00Z)")
            return nil
        }
        guard let time = Timestamp(rfc3339: text) else {
            fields.problem(key, nil, "expected an RFC 3339 time with Z or an offset (2026-12-01T20:00:00Z)")
            return nil
        }
        return time
    }

    private mutating func circuit(_ item: (String, Node)) -> Circuit {
        var fields = YAMLFields(item.1, path: item.0)
        guard fields.isMapping else {
            problems += fields.problems
            return Circuit(name: "", breakerA: .nan, volts: .nan, devices: [])
        }
        defer {
            fields.finish()
            problems += fields.problems
        }
        note(fields, ["name", "breaker_a", "volts", "devices"])
        let name = fields.string("name")
        if name == nil { fields.problem("name", nil, "required") }
        let breaker = fields.number("breaker_a", in: Self.anyNumber)
        if breaker == nil, fields.node("breaker_a") == nil { fields.problem("breaker_a", nil, "required: amperes") }
        let volts = fields.number("volts", in: Self.anyNumber)
        if volts == nil, fields.node("volts") == nil { fields.problem("volts", nil, "required") }
        var patterns: [DeviceGlob] = []
        if let list = fields.sequence("devices") {
            for (index, node) in list.enumerated() {
                guard case .scalar(let s) = node, !s.string.isEmpty else {
                    problems.append(
                        ConfigProblem(
                            path: "\(fields.keyPath("devices"))[\(index)]", line: YAMLFields.line(of: node),
                            reason: "expected a device id pattern (asic:*)"))
                    continue
                }
                patterns.append(DeviceGlob(s.string))
            }
        } else if fields.node("devices") == nil {
            fields.problem("devices", nil, "required: the device id patterns on this circuit")
        }
        return Circuit(name: name ?? "", breakerA: breaker ?? .nan, volts: volts ?? .nan, devices: patterns)
    }

    private mutating func rule(_ item: (String, Node)) -> DeviceRule {
        var fields = YAMLFields(item.1, path: item.0)
        guard fields.isMapping else {
            problems += fields.problems
            return DeviceRule(loadClass: .flexible)
        }
        defer {
            fields.finish()
            problems += fields.problems
        }
        note(fields, ["match", "kind", "model", "class", "cap_w", "floor_w", "priority", "tenant"])
        let match = fields.string("match").map(DeviceGlob.init)
        var kind: DeviceKind?
        if let text = fields.string("kind") {
            kind = DeviceKind(rawValue: text)
            if kind == nil { fields.problem("kind", nil, "unknown kind \(text): gpu or asic") }
        }
        let model = fields.string("model").map(DeviceGlob.init)
        var loadClass: LoadClass?
        if let text = fields.string("class") {
            loadClass = LoadClass(rawValue: text)
            if loadClass == nil { fields.problem("class", nil, "unknown class \(text): firm or flexible") }
        } else {
            fields.problem("class", nil, "required: firm or flexible")
        }
        let cap = fields.number("cap_w", in: Self.anyNumber)
        let floor = fields.number("floor_w", in: Self.anyNumber)
        let priority = fields.integer("priority", in: Int.min...Int.max)
        let tenant = fields.string("tenant")
        return DeviceRule(
            match: match, kind: kind, model: model, loadClass: loadClass ?? .flexible, capW: cap, floorW: floor,
            priority: priority,
            tenant: tenant)
    }
}
