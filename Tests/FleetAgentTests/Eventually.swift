/// What `eventually` throws: the condition it waited for, and its last error.
struct EventuallyFailure: Error, CustomStringConvertible {
    let description: String
}

/// Polls `condition` every 200 ms until it holds, for at most `limit`; throws saying what was awaited (and the last
/// error, if the condition threw) when it never did.
func eventually(
    _ what: String, within limit: Duration = .seconds(60), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    var lastError: (any Error)?
    repeat {
        do {
            if try await condition() { return }
            lastError = nil
        } catch {
            lastError = error
        }
        try await Task.sleep(for: .milliseconds(200))
    } while ContinuousClock.now < deadline
    throw EventuallyFailure(
        description: "not within \(limit): \(what)" + (lastError.map { " (last error: \($0))" } ?? ""))
}
