/// Bytes written through a pointer into chunks of memory that this object owns and frees: growing never copies what
/// was written, and a writer checks for room once per record instead of once per piece it copies.
///
/// Unchecked `Sendable`: one task writes it, then it is handed over whole and only read.
final class ByteChunks: @unchecked Sendable {
    static let chunkSize = 1 << 20

    private struct Chunk {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var start = 0
        var end = 0
    }

    private var chunks: [Chunk] = []

    init() {}

    /// The bytes of `text`, in one chunk of their size.
    convenience init(_ text: some Collection<UInt8>) {
        self.init()
        let start = add(capacity: max(1, text.count))
        _ = UnsafeMutableBufferPointer(start: start, count: text.count).initialize(from: text)
        commit(upTo: start + text.count)
    }

    deinit {
        for chunk in chunks { chunk.base.deallocate() }
    }

    /// Where the next bytes go: the room left in the last chunk if it holds at least `needed` bytes, else a new
    /// chunk's. `commit(upTo:)` says how far the bytes written there went.
    func room(atLeast needed: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if let last = chunks.last, last.capacity - last.end >= needed {
            return UnsafeMutableBufferPointer(start: last.base + last.end, count: last.capacity - last.end)
        }
        let capacity = max(Self.chunkSize, needed)
        return UnsafeMutableBufferPointer(start: add(capacity: capacity), count: capacity)
    }

    private func add(capacity: Int) -> UnsafeMutablePointer<UInt8> {
        chunks.append(Chunk(base: .allocate(capacity: capacity), capacity: capacity))
        return chunks[chunks.count - 1].base
    }

    /// The bytes up to `end`, in the room `room(atLeast:)` last gave, are written.
    func commit(upTo end: UnsafeMutablePointer<UInt8>) {
        chunks[chunks.count - 1].end = end - chunks[chunks.count - 1].base
    }

    /// Forgets the first byte written.
    func dropFirst() {
        guard let index = chunks.firstIndex(where: { $0.end > $0.start }) else { return }
        chunks[index].start += 1
    }

    var count: Int { chunks.reduce(0) { $0 + $1.end - $1.start } }

    /// The number of chunks.
    var chunkCount: Int { chunks.count }

    /// The bytes written in chunk `index`, valid while this object lives.
    func span(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            start: chunks[index].base + chunks[index].start, count: chunks[index].end - chunks[index].start)
    }
}
