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

    /// The documents of every input, in order, each a document or the error that names it.
    public func read(_ inputs: [String], stdin: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) -> [Result<Document, InputError>] {
        var out: [Result<Document, InputError>] = []
        for input in inputs {
            if input == "-" {
                out.append(contentsOf: documents(name: "-", data: stdin(), ext: ""))
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else {
                out.append(.failure(InputError(name: input, reason: "no such file or directory")))
                continue
            }
            if isDir.boolValue {
                for file in files(under: input) { out.append(contentsOf: readFile(file)) }
            } else {
                out.append(contentsOf: readFile(input))
            }
        }
        return out
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

    func readFile(_ path: String) -> [Result<Document, InputError>] {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attrs?[.size] as? Int, size > maxBytes {
            return [.failure(InputError(name: path, reason: "too large: \(size / (1 << 20)) MB is over the \(maxBytes / (1 << 20)) MB limit for one input"))]
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return [.failure(InputError(name: path, reason: "cannot be read (permission denied or not a regular file)"))]
        }
        return documents(name: path, data: data, ext: (path as NSString).pathExtension.lowercased())
    }

    /// The documents in one input's bytes.
    public func documents(name: String, data: Data, ext: String) -> [Result<Document, InputError>] {
        if data.count > maxBytes {
            return [.failure(InputError(name: name, reason: "too large: \(data.count / (1 << 20)) MB is over the \(maxBytes / (1 << 20)) MB limit for one input"))]
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
            guard line.hasNonWhitespace else { continue }
            let where_ = "\(name):\(i + 1)"
            let obj: JSONValue
            do {
                obj = try JSONValue.parse(line.utf8)
            } catch {
                out.append(.failure(InputError(name: where_, reason: "not a JSON object (\(error))")))
                continue
            }
            guard case .object = obj else {
                out.append(.failure(InputError(name: where_, reason: "not a JSON object")))
                continue
            }
            let id = obj["id"]?.stringValue ?? obj["id"]?.intValue.map(String.init) ?? where_
            var date: CivilDate?
            if let ds = obj["date"]?.stringValue, !ds.isEmpty {
                guard let d = CivilDate(iso: String(ds.prefix(10))) ?? CivilDate(iso: ds) else {
                    out.append(.failure(InputError(name: id, reason: "date '\(ds)' is not YYYY-MM-DD")))
                    continue
                }
                date = d
            }
            let title = obj["title"]?.stringValue, source = obj["source"]?.stringValue, url = obj["url"]?.stringValue
            if let html = obj["html"]?.stringValue, html.hasNonWhitespace {
                out.append(.success(document(id: id, raw: html, format: .html, date: date, title: title, source: source, url: url)))
            } else if let body = obj["text"]?.stringValue, body.hasNonWhitespace {
                out.append(.success(document(id: id, raw: body, format: .text, date: date, title: title, source: source, url: url)))
            } else {
                out.append(.failure(InputError(name: id, reason: "has neither \"text\" nor \"html\"")))
            }
        }
        if out.isEmpty { out.append(.failure(InputError(name: name, reason: "empty: no documents in the jsonl file"))) }
        return out
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
