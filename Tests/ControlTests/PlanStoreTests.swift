import Control
import FleetCore
import Testing

@Suite struct PlanStoreTests {
    static let good = "version: 1\nbudget_w: 5000\ndevices:\n  - { match: \"gpu:*\", class: firm, cap_w: 600 }\n"

    @Test func aRejectedPlanLeavesTheLastGoodOneInForce() async throws {
        let store = PlanStore(path: nil)
        let first = try await store.accept(Self.good, source: "api")
        #expect(first.plan.budgetW == 5000)
        #expect(first.version.hasPrefix("sha256:") && first.version.count == 19)
        await #expect(throws: ConfigError.self) {
            try await store.accept("version: 1\nbudget_w: -5\nbogus: 1\n", source: "api")
        }
        #expect(await store.current == first)
    }
}
