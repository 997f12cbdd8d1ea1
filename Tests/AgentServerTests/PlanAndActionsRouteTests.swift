import AgentServer
import FleetCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// `/v1/actions` (the audit log) and `/v1/plan` through Hummingbird's test client; the plan's own checks are tested
/// through the agent binary, here a plan store that takes any text without `bad`.
@Suite struct PlanAndActionsRouteTests {
    final class Plans: PlanAccess {
        let plan = Mutex<PlanInForce?>(nil)

        func current() async -> PlanInForce? { plan.withLock { $0 } }

        func replace(_ text: String) async -> PlanReplacement {
            guard !text.contains("bad") else { return .rejected(["budget_w (line 2): must be at least 0, got -5"]) }
            let accepted = PlanInForce(
                text: text, version: "sha256:00000000000\(text.count % 10)", source: "api",
                acceptedAt: Timestamp(millisecondsSinceEpoch: 1_796_000_000_000))
            plan.withLock { $0 = accepted }
            return .accepted(accepted, persisted: "written to /etc/fleet-agent/plan.yaml")
        }
    }

    @Test func actionsAreTheAuditLogAsNDJSONByCursor() async throws {
        try await APIServerTests.app().test(.router) { client in
            try await client.execute(uri: "/v1/actions?after=0&limit=10", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Next-After")!] == "2")
                let lines = String(buffer: response.body).split(separator: "\n")
                let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                #expect(objects.count == 2)
                #expect(
                    objects[0]?["action"] as? String == "set_limit" && objects[0]?["verified"] as? String == "250 W")
                #expect(objects[0]?["plan_version"] as? String == "sha256:0123456789ab")
                #expect(objects[0]?["time"] as? String == "2026-11-30T00:53:20.000Z")
                #expect(objects[1]?["outcome"] as? String == "failed" && objects[1]?["verified"] is NSNull)
            }
            try await client.execute(uri: "/v1/actions?after=1&limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aPlanIsPutWithTheTokenAndServedBack() async throws {
        let token = try APIServerTests.token()
        let plans = Plans()
        try await APIServerTests.app(token: token, plans: plans).test(.router) { client in
            try await client.execute(uri: "/v1/plan", method: .get) { response in
                #expect(response.status == .notFound)
            }
            let yaml = "version: 1\nbudget_w: 4000\n"
            try await client.execute(uri: "/v1/plan", method: .put, body: ByteBuffer(string: yaml)) { response in
                #expect(response.status == .unauthorized)
            }
            var auth = HTTPFields()
            auth[.authorization] = "Bearer 0123456789abcdef0123"
            try await client.execute(uri: "/v1/plan", method: .put, headers: auth, body: ByteBuffer(string: yaml)) {
                response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["version"] as? String == "sha256:000000000006")
                #expect((body?["persisted"] as? String)?.hasPrefix("written to") == true)
            }
            try await client.execute(uri: "/v1/plan", method: .get) { response in
                #expect(response.status == .ok && String(buffer: response.body) == yaml)
                #expect(response.headers[HTTPField.Name("Plan-Version")!] == "sha256:000000000006")
                #expect(response.headers[HTTPField.Name("Plan-Source")!] == "api")
            }
        }
    }

    @Test func aRejectedPlanIs422WithEveryProblemAndThePlanInForceStays() async throws {
        let token = try APIServerTests.token()
        let plans = Plans()
        _ = await plans.replace("version: 1\nbudget_w: 4000\n")
        try await APIServerTests.app(token: token, plans: plans).test(.router) { client in
            var auth = HTTPFields()
            auth[.authorization] = "Bearer 0123456789abcdef0123"
            try await client.execute(
                uri: "/v1/plan", method: .put, headers: auth, body: ByteBuffer(string: "bad\nbudget_w: -5\n")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["problems"] as? [String] == ["budget_w (line 2): must be at least 0, got -5"])
            }
        }
        #expect(await plans.current()?.text == "version: 1\nbudget_w: 4000\n")
    }
}
