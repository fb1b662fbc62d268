import DyadCore
import DyadExtraction
import Foundation

/// How `InputReader` decides what an input is.
public enum InputMode: String, Sendable, CaseIterable {
    case auto, text, html, jsonl
}

/// An input that could not be read, named so the user can find it.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}

/// Defaults for what a document does not carry: `--date`, `--source`, `--url`.
public struct DocumentDefaults: Sendable {
    public var date: CivilDate?
    public var source: String?
    public var url: String?

    public init(date: CivilDate? = nil, source: String? = nil, url: String? = nil) {
        self.date = date
        self.source = source
        self.url = url
    }
}

/// Reads files, folders (recursively, sorted), stdin (`-`) and jsonl into documents, one result each.
///
/// A bad input — missing, empty, binary, not UTF-8, too large, a malformed jsonl line — yields an
/// `InputError` naming it, and reading goes on with the next.
public struct InputReader: Sendable {
    public var mode: InputMode
    public var defaults: DocumentDefaults
    /// Inputs larger than this are refused with a clear error rather than read into memory.
    public var maxBytes: Int

    public init(mode: InputMode = .auto, defaults: DocumentDefaults = DocumentDefaults(), maxBytes: Int = 64 << 20) {
        self.mode = mode
        self.defaults = defaults
        self.maxBytes = maxBytes
    }

    /// The documents of every input, in order, each a document or the error that names it (all
    /// held at once; `forEach` reads one input at a time).
    public func read(_ inputs: [String], stdin: FileHandle = .standardInput) -> [Result<Document, InputError>] {
        var out: [Result<Document, InputError>] = []
        forEach(inputs, stdin: stdin) { out.append($0) }
        return out
    }

    /// Calls `body` with the documents of every input, in order, each a document or the error that
    /// names it. One input is read at a time, so a folder of a day's pages is never in memory at
    /// once; a jsonl input is read line by line, so its size is not limited (each line's is, by
    /// `maxBytes`), and `body` sees each document as soon as its line is read.
    public func forEach(_ inputs: [String], stdin: FileHandle = .standardInput,
                        _ body: (Result<Document, InputError>) throws -> Void) rethrows {
        for input in inputs {
            if input == "-" {
                if mode == .jsonl {
                    try streamJSONL(name: "-", from: stdin, body)
                } else {
                    for r in documents(name: "-", data: stdin.readDataToEndOfFile(), ext: "") { try body(r) }
                }
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else {
                try body(.failure(InputError(name: input, reason: "no such file or directory")))
                continue
            }
            if isDir.boolValue {
                for file in files(under: input) { try readFile(file, body) }
            } else {
                try readFile(input, body)
            }
        }
    }

    func files(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var files: [String] = []
        while let rel = e.nextObject() as? String {
            let path = (dir as NSString).appendingPathComponent(rel)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
               !(rel as NSString).lastPathComponent.hasPrefix(".") {
                files.append(path)
            }
        }
        return files.sorted()
    }

    func readFile(_ path: String, _ body: (Result<Document, InputError>) throws -> Void) rethrows {
        let ext = (path as NSString).pathExtension.lowercased()
        if mode == .jsonl || (mode == .auto && ext == "jsonl") {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                return try body(.failure(InputError(name: path, reason: "cannot be read (permission denied or not a regular file)")))
            }
            defer { try? handle.close() }
            return try streamJSONL(name: path, from: handle, body)
        }
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attrs?[.size] as? Int, size > maxBytes {
            return try body(.failure(InputError(name: path, reason: "too large: \(ByteSize.describe(size)) is over the \(ByteSize.describe(maxBytes)) limit for one input")))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return try body(.failure(InputError(name: path, reason: "cannot be read (permission denied or not a regular file)")))
        }
        for r in documents(name: path, data: data, ext: ext) { try body(r) }
    }

    /// Reads a jsonl input in chunks, handing each line's document (or error, named `NAME:LINE`) to
    /// `body` as soon as the line is complete. A line longer than `maxBytes` is skipped with an
    /// error, without being held in memory.
    func streamJSONL(name: String, from handle: FileHandle, _ body: (Result<Document, InputError>) throws -> Void) rethrows {
        let chunkSize = 4 << 20
        var buffer: [UInt8] = []
        var lineNo = 0, results = 0
        var first = true
        var overlong = 0   // bytes of a line over the limit, not kept
        func finish(_ line: ArraySlice<UInt8>) throws {
            lineNo += 1
            if overlong > 0 || line.count > maxBytes {
                let size = overlong + line.count
                overlong = 0
                results += 1
                return try body(.failure(InputError(name: "\(name):\(lineNo)", reason: "too large: \(ByteSize.describe(size)) is over the \(ByteSize.describe(maxBytes)) limit for one jsonl line")))
            }
            if let r = jsonlDocument(name: name, lineNo: lineNo, bytes: line) {
                results += 1
                try body(r)
            }
        }
        while true {
            let chunk = (try? handle.read(upToCount: chunkSize)) ?? nil
            guard let chunk, !chunk.isEmpty else { break }
            if first {
                first = false
                if let problem = BundledData.binaryProblem(chunk, expected: "jsonl") {
                    return try body(.failure(InputError(name: name, reason: problem)))
                }
                buffer.append(contentsOf: chunk.starts(with: [0xEF, 0xBB, 0xBF]) ? chunk.dropFirst(3) : chunk[...])
            } else {
                buffer.append(contentsOf: chunk)
            }
            var start = 0
            while let nl = buffer[start...].firstIndex(of: 0x0A) {
                try finish(buffer[start..<nl])
                start = nl + 1
            }
            buffer.removeFirst(start)
            if buffer.count > maxBytes {
                overlong += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty || overlong > 0 { try finish(buffer[...]) }
        if results == 0 { try body(.failure(InputError(name: name, reason: "empty: no documents in the jsonl file"))) }
    }

    /// The documents in one input's bytes.
    public func documents(name: String, data: Data, ext: String) -> [Result<Document, InputError>] {
        if data.count > maxBytes {
            return [.failure(InputError(name: name, reason: "too large: \(ByteSize.describe(data.count)) is over the \(ByteSize.describe(maxBytes)) limit for one input"))]
        }
        if let problem = BundledData.binaryProblem(data, expected: "text") { return [.failure(InputError(name: name, reason: problem))] }
        // Emptiness on the bytes: no need to scan a whole page as characters.
        guard data.contains(where: { $0 > 0x20 && $0 != 0x7F }) else { return [.failure(InputError(name: name, reason: "empty: nothing to read"))] }
        let looksHTML = mode == .html || (mode == .auto && (ext == "html" || ext == "htm" || data.prefix(64).contains(0x3C)))
        var decoded = String(data: data, encoding: .utf8)
        if decoded == nil, looksHTML {
            // Pages in legacy encodings: the HTML reader decides by BOM, declared charset and bytes.
            decoded = HTMLExtractor.decodeText([UInt8](data))
        }
        guard var text = decoded else {
            return [.failure(InputError(name: name, reason: "not valid UTF-8 (first bad byte at offset \(Self.firstInvalidUTF8(data)))"))]
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let kind: InputMode
        switch mode {
        case .auto:
            if ext == "jsonl" { kind = .jsonl }
            else if ext == "html" || ext == "htm" || Self.looksLikeMarkup(text) { kind = .html }
            else { kind = .text }
        default: kind = mode
        }
        switch kind {
        case .jsonl: return jsonlDocuments(name: name, text: text)
        case .html: return [.success(document(id: name, raw: text, format: .html))]
        default: return [.success(document(id: name, raw: text, format: .text))]
        }
    }

    func document(id: String, raw: String, format: InputFormat, date: CivilDate? = nil, title: String? = nil, source: String? = nil, url: String? = nil) -> Document {
        var d = Document(id: id, raw: raw, format: format, url: url ?? defaults.url, title: title, site: source ?? defaults.source,
                         publicationDate: date ?? defaults.date)
        d.language = nil
        return d
    }

    func jsonlDocuments(name: String, text: String) -> [Result<Document, InputError>] {
        var out: [Result<Document, InputError>] = []
        for (i, line) in text.lineSlices().enumerated() {
            if let r = jsonlDocument(name: name, lineNo: i + 1, line: line) { out.append(r) }
        }
        if out.isEmpty { out.append(.failure(InputError(name: name, reason: "empty: no documents in the jsonl file"))) }
        return out
    }

    /// The document of one jsonl line's bytes, or nil for a blank line.
    func jsonlDocument(name: String, lineNo: Int, bytes: ArraySlice<UInt8>) -> Result<Document, InputError>? {
        guard bytes.contains(where: { $0 > 0x20 }) else { return nil }
        guard let line = String(validating: bytes, as: UTF8.self) else {
            return .failure(InputError(name: "\(name):\(lineNo)", reason: "not valid UTF-8 (first bad byte at offset \(Self.firstInvalidUTF8(Data(bytes))) of the line)"))
        }
        return jsonlDocument(name: name, lineNo: lineNo, line: Substring(line))
    }

    /// The document of one jsonl line, or nil for a blank line.
    func jsonlDocument(name: String, lineNo: Int, line: Substring) -> Result<Document, InputError>? {
        guard line.hasNonWhitespace else { return nil }
        let where_ = "\(name):\(lineNo)"
        let obj: JSONValue
        do {
            obj = try JSONValue.parse(line.utf8)
        } catch {
            return .failure(InputError(name: where_, reason: "not a JSON object (\(error))"))
        }
        guard case .object = obj else {
            return .failure(InputError(name: where_, reason: "not a JSON object"))
        }
        let id = obj["id"]?.stringValue ?? obj["id"]?.intValue.map(String.init) ?? where_
        var date: CivilDate?
        if let ds = obj["date"]?.stringValue, !ds.isEmpty {
            guard let d = CivilDate(iso: String(ds.prefix(10))) ?? CivilDate(iso: ds) else {
                return .failure(InputError(name: id, reason: "date '\(ds)' is not YYYY-MM-DD"))
            }
            date = d
        }
        let title = obj["title"]?.stringValue, source = obj["source"]?.stringValue, url = obj["url"]?.stringValue
        if let html = obj["html"]?.stringValue, html.hasNonWhitespace {
            return .success(document(id: id, raw: html, format: .html, date: date, title: title, source: source, url: url))
        } else if let body = obj["text"]?.stringValue, body.hasNonWhitespace {
            return .success(document(id: id, raw: body, format: .text, date: date, title: title, source: source, url: url))
        }
        return .failure(InputError(name: id, reason: "has neither \"text\" nor \"html\""))
    }

    static func looksLikeMarkup(_ text: String) -> Bool {
        let head = text.prefix(512).trimmingWhitespace().lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || (head.hasPrefix("<") && head.contains("<body"))
    }

    static func firstInvalidUTF8(_ data: Data) -> Int {
        var i = 0
        let bytes = [UInt8](data)
        while i < bytes.count {
            let b = bytes[i]
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count { return i }
            for k in 1..<len where bytes[i + k] >> 6 != 0b10 { return i }
            i += len
        }
        return i
    }
}
