import NIOCore
import Testing

@testable import MinerRPC

/// One budget for the reply bytes in flight: reads wait for it (back-pressure), and everything is given back.
@Suite struct ReplyBudgetTests {
    final class Grants: @unchecked Sendable {
        var order: [Int] = []
    }

    @Test func waitersAreGrantedInOrderAsBytesAreGivenBack() {
        let budget = ReplyByteBudget(bytes: 100)
        let grants = Grants()
        budget.reserve(60, holding: 0) { grants.order.append(1) }
        budget.reserve(50, holding: 0) { grants.order.append(2) }  // does not fit: waits
        budget.reserve(10, holding: 0) { grants.order.append(3) }  // would fit, but waits its turn
        #expect(grants.order == [1])
        budget.release(60)
        #expect(grants.order == [1, 2, 3])
        #expect(budget.inUse == 60 && budget.peak == 60)
    }

    @Test func aReplyLargerThanTheWholeBudgetStillCompletesAlone() {
        let budget = ReplyByteBudget(bytes: 100)
        let grants = Grants()
        budget.reserve(500, holding: 0) { grants.order.append(1) }
        #expect(grants.order == [1], "nothing else is held, so it may not starve itself")
        budget.reserve(1, holding: 0) { grants.order.append(2) }
        #expect(grants.order == [1])
        budget.release(500)
        #expect(grants.order == [1, 2])
    }

    /// 24 miners sending endless replies at once: with a 1 MiB budget the bytes held never pass it (before, each
    /// could hold up to the 4 MiB reply cap), every read still ends with an error, and every byte is given back.
    @Test func endlessRepliersHoldNoMoreThanTheBudget() async throws {
        var miners: [TestMiner] = []
        for _ in 0..<24 { miners.append(try await TestMiner.start(.endless)) }
        let budget = ReplyByteBudget(bytes: 1 << 20)
        let client = CGMinerClient(timeout: .seconds(2), maxReplyBytes: 4 << 20, replyBudget: budget)
        let results = await withTaskGroup(of: Result<CGMinerReply, CGMinerError>.self) { group in
            for miner in miners {
                group.addTask {
                    do throws(CGMinerError) {
                        return .success(try await client.send("summary", to: miner.address))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for miner in miners { await miner.stop() }
        #expect(results.count == 24)
        for result in results {
            guard case .failure(let error) = result else {
                Issue.record("an endless reply was taken as complete")
                continue
            }
            switch error {
            case .noReplyWithinDeadline, .replyTooLarge: break
            default: Issue.record("unexpected \(error)")
            }
        }
        #expect(budget.peak <= budget.capacity, "peak \(budget.peak)")
        #expect(budget.peak > budget.capacity / 2, "the budget was really used")
        #expect(budget.inUse == 0)
    }

    @Test func aReplyOfOnlyTheNULIsBlankNotNothing() async throws {
        let miner = try await TestMiner.start(.reply([]))
        let client = CGMinerClient(timeout: .seconds(5))
        let error = await #expect(throws: CGMinerError.self) { try await client.send("summary", to: miner.address) }
        await miner.stop()
        #expect(error == .blankReply(byteCount: 1))
        #expect(error?.isUnreachable == false, "the miner answered")
        #expect(error?.description.contains("NUL") == true)
    }
}
