/// Objects already decoded with the same keys in the same order (every `STATS` entry of a firmware, every `STATUS`),
/// kept as templates: a dictionary with those keys and `null` values, and where each key sits in it. A new object of a
/// known shape is a copy of its template with the values stored by position, which spares hashing every key again.
/// It lives in a `ParseCache`, across replies.
///
/// A shape is looked up by a signature (a hash of its keys' bytes and their count) and then checked key by key, so
/// a collision only costs a miss. Only objects whose keys are plain ASCII are kept (there `==` is byte equality), with
/// at least `minimumKeys` keys, and only from their second sighting (`isWorthKeeping`); a repeated key is a repeated
/// position, so the last value still wins. The whole store is dropped when it grows past `maxKeys`.
struct ObjectShapes {
    struct Template {
        var keys: [String]
        var dictionary: [String: JSONValue]
        var indices: [Dictionary<String, JSONValue>.Index]
    }

    static let minimumKeys = 4
    private static let maxKeys = 32768
    private var templates: [UInt64: Template] = [:]
    /// Signatures seen once, not yet worth a template.
    private var seen: Set<UInt64> = []
    private var keyCount = 0

    /// The template for an object with `keys` and `signature`, when one is kept and its keys are these.
    func template(_ signature: UInt64, matching keys: (Int) -> String, count: Int) -> Template? {
        guard let template = templates[signature], template.keys.count == count else { return nil }
        for k in 0..<count where keys(k) != template.keys[k] { return nil }
        return template
    }

    /// Whether a shape missing from the store is worth keeping: true from its second sighting on.
    mutating func isWorthKeeping(_ signature: UInt64) -> Bool {
        guard seen.insert(signature).inserted else { return true }
        if seen.count > Self.maxKeys { seen.removeAll() }
        return false
    }

    /// Keeps the shape of `object`, whose members had `keys` in this order.
    mutating func keep(_ signature: UInt64, keys: [String], object: [String: JSONValue]) {
        if keyCount + keys.count > Self.maxKeys {
            templates.removeAll()
            keyCount = 0
        }
        let dictionary = object.mapValues { _ in JSONValue.null }
        let indices = keys.map { dictionary.index(forKey: $0)! }
        templates[signature] = Template(keys: keys, dictionary: dictionary, indices: indices)
        keyCount += keys.count
    }
}
