#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Long object keys (over 15 UTF-8 bytes, which a String cannot keep inline) already made into strings, so that a key
/// repeated in every entry of a section (Whatsminer's 835-key `STATS` entries) and in every reply of the same firmware
/// is allocated once and shared. It lives in a `ParseCache`, across replies.
///
/// Open addressing over slot numbers, keyed by the key's bytes (kept in `blob`); the slots double when half full, up to
/// `maxKeys` keys or `maxBytes` bytes of keys, and past either new keys are simply not remembered: they are made into
/// strings every time, as short keys are.
struct KeyTable {
    private struct Entry {
        var start: Int32
        var count: Int32
        var hash: UInt32
    }

    /// The most keys kept.
    static let maxKeys = 4096
    /// The most bytes of keys kept, 1 MiB: about seventy times the long keys of the largest reply recorded (Whatsminer
    /// M3 `stats`, 715 keys over 15 bytes, 15 kB), so a fleet of many firmwares fits, while replies of endless
    /// distinct keys cannot make the table grow without bound (nor its `Int32` offsets overflow).
    static let maxBytes = 1 << 20
    /// 0 for an empty slot, else the entry's index + 1.
    private var slots: [Int32] = []
    private var entries: [Entry] = []
    private var strings: [String] = []
    /// The keys' bytes, one after another.
    private var blob: [UInt8] = []

    /// The string of `key` (at least 8 bytes), made once per distinct key; `hash` is `KeyTable.hash(key)`.
    mutating func string(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String {
        let hash = UInt32(truncatingIfNeeded: hash)
        if slots.isEmpty { slots = Array(repeating: 0, count: 128) }
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index] != 0 {
            let n = Int(slots[index]) - 1
            let entry = entries[n]
            if entry.hash == hash, Int(entry.count) == key.count, equals(entry, key) { return strings[n] }
            index = (index + 1) & mask
        }
        let string = String(decoding: key, as: UTF8.self)
        guard strings.count < Self.maxKeys, blob.count + key.count <= Self.maxBytes else { return string }
        strings.append(string)
        entries.append(Entry(start: Int32(blob.count), count: Int32(key.count), hash: hash))
        blob.append(contentsOf: key)
        slots[index] = Int32(strings.count)
        if strings.count * 2 >= slots.count { grow() }
        return string
    }

    /// How many bytes of keys the table holds.
    var byteCount: Int { blob.count }

    private func equals(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        blob.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(entry.start), key.baseAddress!, key.count) == 0 }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (n, entry) in entries.enumerated() {
            var index = Int(entry.hash) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Int32(n + 1)
        }
    }

    /// A quick hash of a key's bytes, eight at a time.
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(key)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var k = 0
        while k + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        if k < raw.count {
            var tail: UInt64 = 0
            if raw.count >= 8 {
                // The last eight bytes again (the key is longer than eight): no byte-by-byte tail.
                tail = raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)
            } else {
                for b in raw { tail = tail << 8 | UInt64(b) }
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        // MurmurHash3's finalizer: every input bit reaches the low bits that pick a slot.
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
