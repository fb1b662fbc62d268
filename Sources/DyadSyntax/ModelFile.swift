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

/// Reader over a model file held in memory (one read of the whole file).
struct ModelReader {
    let bytes: [UInt8]
    let name: String
    var pos = 0

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
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
        guard let d = FileManager.default.contents(atPath: path) else { throw SyntaxError.unreadable(path: path) }
        return ModelReader(bytes: [UInt8](d), name: path)
    }
}
