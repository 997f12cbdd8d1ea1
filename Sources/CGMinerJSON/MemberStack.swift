/// The members of the objects a `StrictJSONParser` is reading, innermost last, in one growing buffer. An object that
/// closes moves its members out into its dictionary (no copies, no reference-count traffic); whoever owns the stack
/// calls `release()` once at the end.
struct MemberStack {
    private var base: UnsafeMutablePointer<(String, JSONValue)>?
    private var capacity = 0
    private(set) var count = 0

    mutating func push(_ key: String, _ value: JSONValue) {
        if count == capacity { grow() }
        (base! + count).initialize(to: (key, value))
        count += 1
    }

    /// Moves the members from index `start` on into one dictionary (a repeated key keeps its last value).
    mutating func popObject(from start: Int) -> [String: JSONValue] {
        var object = [String: JSONValue](minimumCapacity: count - start)
        for k in start..<count {
            let (key, value) = (base! + k).move()
            object[key] = value
        }
        count = start
        return object
    }

    /// The key of member `index`.
    func key(at index: Int) -> String {
        base![index].0
    }

    /// The keys of the members from index `start` on.
    func keys(from start: Int) -> [String] {
        (start..<count).map { base![$0].0 }
    }

    /// Moves the members from index `start` on into a copy of `template` (whose keys are theirs, in order), each
    /// value to its key's position.
    mutating func popObject(from start: Int, into template: ObjectShapes.Template) -> [String: JSONValue] {
        var object = template.dictionary
        for k in start..<count {
            let (_, value) = (base! + k).move()
            object.values[template.indices[k - start]] = value
        }
        count = start
        return object
    }

    /// Frees the buffer and whatever members are still in it (after a parse error); the stack is not used after.
    func release() {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
    }

    private mutating func grow() {
        let bigger = max(64, capacity * 2)
        let new = UnsafeMutablePointer<(String, JSONValue)>.allocate(capacity: bigger)
        if let base {
            new.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = new
        capacity = bigger
    }
}
