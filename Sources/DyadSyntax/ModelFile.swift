import Foundation

/// Errors of the syntax stage: a model or treebank that cannot be read.
public enum SyntaxError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A model file is missing, truncated or of another format.
    case badModel(file: String, reason: String)
    /// A CoNLL-U file has a line that does not parse.
    case badTreebank(file: String, line: Int, reason: String)
    case unreadable(path: String)

    public var description: String {
        switch self {
        case let .badModel(file, reason): return "\(file): not a usable Dyad syntax model (\(reason)); retrain it with `dyad train`"
        case let .badTreebank(file, line, reason): return "\(file):\(line): \(reason)"
        case let .unreadable(path): return "\(path): cannot read the file (missing or not permitted)"
        }
    }
}

/// Little-endian binary writer for model files.
struct ModelWriter {
    var data: [UInt8] = []

    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { data.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        data.append(UInt8(v))
    }
    mutating func string(_ s: String) {
        let b = Array(s.utf8)
        varint(UInt64(b.count))
        data.append(contentsOf: b)
    }
    mutating func strings(_ list: [String]) {
        varint(UInt64(list.count))
        for s in list { string(s) }
    }
}

/// The bytes of a model file: the file mapped read-only, or a copy of bytes given in memory.
///
/// Mapping, not reading, the file: its pages are the page cache's own, so loading neither copies
/// the file nor takes fresh memory for it. `FileManager.contents` then `[UInt8]` had two copies of
/// every byte, in freshly zeroed pages: mapping loads both models about 20–30 ms sooner
/// (thirteenth session, docs/SYNTAX.md). The mapping lives as long as this object.
final class ModelBytes: @unchecked Sendable {
    /// Valid while this object lives (keep it, e.g. with `withExtendedLifetime`, while reading).
    let buffer: UnsafeBufferPointer<UInt8>
    private let mapping: (base: UnsafeMutableRawPointer, size: Int)?

    init<C: Collection<UInt8>>(copying bytes: C) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = UnsafeMutableBufferPointer(start: p, count: bytes.count).initialize(from: bytes)
        buffer = UnsafeBufferPointer(start: p, count: bytes.count)
        mapping = nil
    }

    private init(mapped base: UnsafeMutableRawPointer, size: Int) {
        buffer = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
        mapping = (base, size)
    }

    /// Maps the file at `path` (its pages populated in the one call), or reads it where it cannot be
    /// mapped (an empty file, or a system without `mmap`).
    /// - Throws: `SyntaxError.unreadable` when the file is missing or not permitted.
    convenience init(path: String) throws {
        #if os(Linux) || canImport(Darwin)
        let fd = open(path, O_RDONLY)
        if fd >= 0 {
            defer { close(fd) }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
                let size = Int(st.st_size)
                #if os(Linux)
                let flags = MAP_PRIVATE | MAP_POPULATE
                #else
                let flags = MAP_PRIVATE
                #endif
                if let m = mmap(nil, size, PROT_READ, flags, fd, 0), m != UnsafeMutableRawPointer(bitPattern: -1) {
                    self.init(mapped: m, size: size)
                    return
                }
            }
        }
        #endif
        guard let d = FileManager.default.contents(atPath: path) else { throw SyntaxError.unreadable(path: path) }
        self.init(copying: d)
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.size) } else { UnsafeMutablePointer(mutating: buffer.baseAddress!).deallocate() }
    }
}

/// Reader over a model file's bytes (`ModelBytes`: the file mapped, or bytes in memory).
struct ModelReader {
    let data: ModelBytes
    let name: String
    var pos = 0
    var bytes: UnsafeBufferPointer<UInt8> { data.buffer }

    init(bytes: [UInt8], name: String) {
        self.init(data: ModelBytes(copying: bytes), name: name)
    }

    init(data: ModelBytes, name: String) {
        self.data = data
        self.name = name
    }

    func error(_ reason: String) -> SyntaxError { .badModel(file: name, reason: reason) }

    mutating func u8() throws -> UInt8 {
        guard pos < bytes.count else { throw error("file ends early") }
        defer { pos += 1 }
        return bytes[pos]
    }
    mutating func u32() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("file ends early") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }
    mutating func u64() throws -> UInt64 {
        guard pos + 8 <= bytes.count else { throw error("file ends early") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }
    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard pos < bytes.count else { throw error("file ends early") }
            let b = bytes[pos]
            pos += 1
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
            guard shift < 64 else { throw error("bad number") }
        }
    }
    mutating func string() throws -> String {
        let n = Int(try varint())
        guard n >= 0, pos + n <= bytes.count else { throw error("file ends early") }
        defer { pos += n }
        return String(decoding: bytes[pos..<pos + n], as: UTF8.self)
    }
    mutating func strings() throws -> [String] {
        let n = Int(try varint())
        guard n < 1 << 24 else { throw error("implausible list size") }
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }
    mutating func expect(magic: String) throws {
        for b in magic.utf8 where try u8() != b { throw error("wrong magic, expected \(magic)") }
    }

    static func load(path: String) throws -> ModelReader {
        ModelReader(data: try ModelBytes(path: path), name: path)
    }
}
