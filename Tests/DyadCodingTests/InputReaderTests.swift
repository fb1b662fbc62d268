import Dyad
import DyadCore
import Foundation
import Testing

/// A temporary file with these bytes; removed by the caller.
private func tempFile(_ name: String, _ bytes: [UInt8]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-input-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

private func line(_ id: String, _ text: String) -> String { #"{"id": "\#(id)", "text": "\#(text)"}"# }

@Test func jsonl_isReadLineByLine_soOnlyALineHasASizeLimit() throws {
    // 60 documents, about 6 KB in all, against a limit of 1 KB: a whole-file limit would refuse it.
    var text = "\u{FEFF}"
    for i in 0..<60 { text += line("d\(i)", "Valdoria and Kestria met for talks number \(i) of many.") + (i % 2 == 0 ? "\r\n" : "\n") }
    text += "\n" + line("long", String(repeating: "word ", count: 400)) + "\n"     // line 62: over 1 KB
    var bytes = Array(text.utf8)
    bytes += Array(#"{"id": "bad", "text": "caf"#.utf8) + [0xE9] + Array("\"}\n".utf8)  // line 63: not UTF-8
    bytes += Array(line("last", "No newline after this one.").utf8)                // line 64
    let path = try tempFile("day.jsonl", bytes)
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let results = InputReader(maxBytes: 1024).read([path])
    let ids = results.compactMap { try? $0.get().id }
    #expect(ids == (0..<60).map { "d\($0)" } + ["last"])
    let errors = results.compactMap { r -> InputError? in if case .failure(let e) = r { return e } else { return nil } }
    #expect(errors.map(\.name) == ["\(path):62", "\(path):63"])
    #expect(errors[0].reason == "too large: 2.0 KB is over the 1.0 KB limit for one jsonl line")
    #expect(errors[1].reason.hasPrefix("not valid UTF-8 (first bad byte at offset"))
    #expect(try results[0].get().text.hasPrefix("Valdoria and Kestria met"))
}

@Test func jsonl_linesAcrossReadChunks_areWholeAndInOrder() throws {
    // Over 4 MB, the size of one read: lines cross chunk boundaries.
    var text = ""
    let n = 40_000
    for i in 0..<n { text += line("d\(i)", "Document \(i) says that Valdoria and Kestria met again, as they often do, in the capital.") + "\n" }
    #expect(text.utf8.count > 4 << 20)
    let path = try tempFile("big.jsonl", Array(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    var count = 0, inOrder = true
    InputReader().forEach([path]) { r in
        guard let d = try? r.get() else { inOrder = false; return }
        if d.id != "d\(count)" || !d.text.hasPrefix("Document \(count) says") { inOrder = false }
        count += 1
    }
    #expect(count == n && inOrder)

    // A line of 6 MB against a limit of 1 MB, across two reads: an error for that line alone.
    var bytes = Array((0..<1000).map { line("a\($0)", "Before the long line.") + "\n" }.joined().utf8)
    bytes += Array(line("huge", String(repeating: "talks ", count: 1 << 20)).utf8) + [0x0A]
    bytes += Array((0..<1000).map { line("b\($0)", "After the long line.") + "\n" }.joined().utf8)
    let long = try tempFile("long.jsonl", bytes)
    defer { try? FileManager.default.removeItem(atPath: (long as NSString).deletingLastPathComponent) }
    let r = InputReader(maxBytes: 1 << 20).read([long])
    #expect(r.compactMap { try? $0.get().id } == (0..<1000).map { "a\($0)" } + (0..<1000).map { "b\($0)" })
    let errors = r.compactMap { x -> InputError? in if case .failure(let e) = x { return e } else { return nil } }
    #expect(errors == [InputError(name: "\(long):1001", reason: "too large: 6.0 MB is over the 1.0 MB limit for one jsonl line")])
}

@Test func jsonl_emptyOrBinary_isOneErrorNamingTheFile() throws {
    let empty = try tempFile("empty.jsonl", Array("\n  \n".utf8))
    let binary = try tempFile("image.jsonl", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 0x0A, 0x49, 0x48, 0x0A])
    defer {
        try? FileManager.default.removeItem(atPath: (empty as NSString).deletingLastPathComponent)
        try? FileManager.default.removeItem(atPath: (binary as NSString).deletingLastPathComponent)
    }
    let r = InputReader().read([empty, binary])
    #expect(r.count == 2)
    #expect(r.map { (try? $0.get()) == nil } == [true, true])
    if case .failure(let e) = r[0] { #expect(e == InputError(name: empty, reason: "empty: no documents in the jsonl file")) }
    if case .failure(let e) = r[1] { #expect(e.name == binary && e.reason.hasPrefix("binary data")) }
}

@Test func inputReader_tooLargeFileIsNamedWithItsSizeAndTheLimit() throws {
    // 1.5 KB against a 1 KB limit: the message must not round both down to the same figure.
    let path = try tempFile("big.txt", Array(String(repeating: "Talks went on. ", count: 103).utf8))
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let results = InputReader(maxBytes: 1024).read([path])
    let errors = results.compactMap { r -> InputError? in if case .failure(let e) = r { return e } else { return nil } }
    #expect(errors == [InputError(name: path, reason: "too large: 1.5 KB is over the 1.0 KB limit for one input")])
    // The same bytes handed over in memory are refused the same way.
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let inMemory = InputReader(maxBytes: 1024).documents(name: "mem", data: data, ext: "txt")
    #expect(inMemory.count == 1)
    if case .failure(let e) = inMemory[0] { #expect(e.reason == "too large: 1.5 KB is over the 1.0 KB limit for one input") } else { Issue.record("not refused") }
}
