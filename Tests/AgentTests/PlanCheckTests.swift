import Agent
import FleetCore
import Foundation
import TestSupport
import Testing

/// `plan check`'s logic on the demo site: its plan, and the readings `demo --json` printed.
@Suite struct PlanCheckTests {
    static let plan = PackagePaths.fixture("plans/demo-plan.yaml").path
    static let inventory = PackagePaths.fixture("plans/demo-inventory.ndjson").path

    static func lines(at time: String) throws -> [[String: Any]] {
        let allocation = try PlanCheck.run(
            planPath: plan, inventoryPath: inventory, at: Timestamp(rfc3339: time)!)
        return try PlanCheck.jsonLines(allocation).map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// 9,000 W: both GPUs at their 450 W cap, the stock S9 (no control path) counted at its 1,361 W nameplate draw on
    /// pdu-a (4,992 W), the first Whatsminer at its 3,300 W cap, the second gets what pdu-a has left (331 W).
    @Test func theCapsItWouldSet() throws {
        let lines = try Self.lines(at: "2026-12-01T12:00:00Z")
        let byDevice = Dictionary(uniqueKeysWithValues: lines.map { ($0["device"] as! String, $0) })
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { Set($0.keys).isSuperset(of: ["device", "class", "cap_w", "reason"]) })
        let gpu = try #require(byDevice["gpu:GPU-12345678-aaaa-bbbb-cccc-0123456789ab"])
        #expect(gpu["class"] as? String == "firm")
        #expect(gpu["cap_w"] as? Double == 450)
        #expect(gpu["tenant"] as? String == "ai-lab")
        #expect(byDevice["asic:c6:02:14:00:1f:b3"]?["cap_w"] as? Double == 3300)
        #expect((byDevice["asic:c6:06:12:00:2d:63"]?["cap_w"] as? Double).map { abs($0 - 331.38662) < 1e-3 } == true)
        let s9 = try #require(byDevice["asic:127.0.0.1:33187"])
        #expect(s9["cap_w"] is NSNull)
        #expect(
            s9["reason"] as? String
                == "stock Bitmain firmware on Antminer S9 has no control: no control path, counted at its draw 1361 W")
        let avalon = try #require(byDevice["asic:12:34:56:78:90:12"])
        #expect(avalon["cap_w"] is NSNull)
        #expect((avalon["reason"] as? String)?.hasPrefix("asleep: 0 W left") == true)
    }

    /// In the 4,000 W window the GPUs keep 900 W, the S9's 1,360.6 W is counted, and the first Whatsminer takes the
    /// 1,739.4 W left; the other miners sleep.
    @Test func theScheduleWindowsBudget() throws {
        let lines = try Self.lines(at: "2026-12-01T20:30:00Z")
        let caps = lines.compactMap { $0["cap_w"] as? Double }
        let counted = lines.compactMap { $0["counted_w"] as? Double }
        #expect(abs(counted.reduce(0, +) - 4000) < 1e-6)
        #expect(caps.count == 3)
        #expect(caps.contains { abs($0 - 1739.38662) < 1e-6 })
    }

    @Test func aBadInventoryLineIsNamed() throws {
        let folder = try PackagePaths.temporaryDirectory("plan-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("inventory.ndjson")
        try "\n{\"device\": \"asic:a\"}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: PlanCheck.Failure.self) {
            try PlanCheck.run(planPath: Self.plan, inventoryPath: file.path, at: .now())
        }
        do {
            _ = try InventoryFile.load(path: file.path)
        } catch {
            #expect(error.description.hasPrefix("\(file.path):2: not a reading: missing "))
        }
    }

    /// An inventory line is screened as a polled reading is: impossible watts are not counted against the budget.
    @Test(arguments: ["-100000", "1e999", "1e30"])
    func impossibleWattsInAnInventoryAreNotCounted(watts: String) throws {
        let line =
            #"{"device":"asic:x","kind":"asic","firmware":"foo 1","status":"ok","time":"2026-11-30T12:00:00Z","#
            + #""address":"x","host":"h","power_w":"# + watts + "}"
        let inventory = try InventoryFile.parse(line, file: "inventory.ndjson")
        let device = try #require(inventory.devices.first)
        #expect(device.drawW == nil, "\(watts) W counted as \(String(describing: device.drawW))")
    }
}
