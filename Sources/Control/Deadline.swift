import Miners
import Synchronization

/// Runs `work` and gives up after `limit` with `.unreachable`: a device that hangs costs the step at most that. The
/// work is cancelled then; work that cannot be (a call on a blocking lane) finishes in the background, unawaited.
///
/// Outcomes travel as `Result`s, not typed throws: a release build miscompiled a typed-throws closure returned
/// through a generic async function here (a task group then copied a corrupt device id out of its child's result).
func withDeadline<T: Sendable>(
    _ limit: Duration, _ what: String, _ work: @escaping @Sendable () async -> Result<T, MinerControlError>
) async -> Result<T, MinerControlError> {
    await withCheckedContinuation { continuation in
        let first = FirstOutcome(continuation)
        let worker = Task { first.finish(await work()) }
        Task {
            try? await Task.sleep(for: limit)
            first.finish(.failure(.unreachable("\(what): no answer within \(limit)")))
            worker.cancel()
        }
    }
}

/// Resumes its continuation with the first outcome it is given; later ones are dropped.
final class FirstOutcome<T: Sendable>: Sendable {
    private let waiting: Mutex<CheckedContinuation<Result<T, MinerControlError>, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, MinerControlError>, Never>) {
        waiting = Mutex(continuation)
    }

    func finish(_ outcome: Result<T, MinerControlError>) {
        let continuation = waiting.withLock { waiting in
            let continuation = waiting
            waiting = nil
            return continuation
        }
        continuation?.resume(returning: outcome)
    }
}
