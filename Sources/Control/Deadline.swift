import Miners
import Synchronization

/// Runs `work` and gives up after `limit` with `.unreachable`: a device that hangs costs the step at most that. The
/// work is cancelled then; work that cannot be (a call on a blocking lane) finishes in the background, unawaited.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ work: @escaping @Sendable () async throws(MinerControlError) -> T
) async throws(MinerControlError) -> T {
    let result = await withCheckedContinuation {
        (continuation: CheckedContinuation<Result<T, MinerControlError>, Never>) in
        let once = Mutex<CheckedContinuation<Result<T, MinerControlError>, Never>?>(continuation)
        let finish: @Sendable (Result<T, MinerControlError>) -> Void = { result in
            once.withLock { pending in
                pending?.resume(returning: result)
                pending = nil
            }
        }
        let worker = Task {
            do throws(MinerControlError) {
                finish(.success(try await work()))
            } catch {
                finish(.failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: limit)
            finish(.failure(.unreachable("\(what): no answer within \(limit)")))
            worker.cancel()
        }
    }
    return try result.get()
}
