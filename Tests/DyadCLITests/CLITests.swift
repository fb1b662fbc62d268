import Foundation
import Testing

/// Runs the built `dyad` binary with arguments and optional stdin; returns exit code, stdout, stderr.
func dyad(_ args: [String], stdin: Data? = nil, cwd: String? = nil) throws -> (code: Int32, out: String, err: String) {
    let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var exe = bin.appendingPathComponent("dyad")
    if !FileManager.default.fileExists(atPath: exe.path) {
        // swift-testing's runner may live one level deeper in the build folder.
        exe = bin.deletingLastPathComponent().appendingPathComponent("dyad")
    }
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(stdin) }
    try inp.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)?.path ?? "missing-fixture-\(name)"
}

func tempDir() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

@Test func code_printsTheExpectedEventsForTheFixture() throws {
    // Run beside the fixture so the document id (the path as given) is the same on every machine.
    let dir = (fixture("summit.txt") as NSString).deletingLastPathComponent
    let r = try dyad(["code", "--date", "2024-05-16", "summit.txt"], cwd: dir)
    #expect(r.code == 0)
    #expect(r.err == "")
    let expected = try String(contentsOfFile: fixture("summit.expected.jsonl"), encoding: .utf8)
    #expect(r.out == expected)
}

@Test func code_tableAndTsvFormats() throws {
    let table = try dyad(["code", "--format", "table", "--date", "2024-05-16", fixture("summit.txt")])
    #expect(table.out.hasPrefix("doc "))
    #expect(table.out.contains("CHNGOV"))
    let tsv = try dyad(["code", "--format", "tsv", "--date", "2024-05-16", fixture("summit.txt")])
    let lines = tsv.out.split(separator: "\n")
    #expect(lines.first?.hasPrefix("doc_id\tevent_id\tsentence_index") == true)
    #expect(lines.dropFirst().allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 26 })
}

@Test func badInputs_areNamedAndTheRestIsStillCoded() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = dir.appendingPathComponent("empty.txt").path
    let binary = dir.appendingPathComponent("image.txt").path
    let latin1 = dir.appendingPathComponent("latin1.txt").path
    FileManager.default.createFile(atPath: empty, contents: Data())
    FileManager.default.createFile(atPath: binary, contents: Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 0x49, 0x48]))
    FileManager.default.createFile(atPath: latin1, contents: Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72]))
    let missing = dir.appendingPathComponent("missing.txt").path
    let r = try dyad(["code", "--date", "2024-05-16", empty, binary, fixture("summit.txt"), latin1, missing])
    #expect(r.code == 1)
    #expect(r.err.contains("\(empty): empty"))
    #expect(r.err.contains("\(binary): binary data"))
    #expect(r.err.contains("\(latin1): not valid UTF-8 (first bad byte at offset 3)"))
    #expect(r.err.contains("\(missing): no such file or directory"))
    #expect(r.err.contains("4 of 5 inputs failed"))
    #expect(r.out.contains("\"doc_id\": \"\(fixture("summit.txt"))\""))
}

@Test func overlongDocument_isRefusedByName_andTheRestIsCodedAndStored() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    // 3 KB of text against a limit of about 2 KB (--max-text-mb 0.002); the default is 4 MB.
    let long = dir.appendingPathComponent("long.txt").path
    try String(repeating: "The minister met the envoy in the capital on Monday. ", count: 60).write(toFile: long, atomically: true, encoding: .utf8)
    let r = try dyad(["code", "--date", "2024-05-16", "--max-text-mb", "0.002", long, fixture("summit.txt")])
    #expect(r.code == 1)
    #expect(r.err.contains("\(long): the article text is 3.1 KB, over the 2.0 KB limit for one document"))
    #expect(r.err.contains("1 of 2 inputs failed"))
    #expect(r.out.contains("\"doc_id\": \"\(fixture("summit.txt"))\""))
    #expect(!r.out.contains("\"doc_id\": \"\(long)\""))
    // 0 lifts the limit; the default lets a news-sized document through.
    #expect(try dyad(["code", "--date", "2024-05-16", "--max-text-mb", "0", long]).code == 0)
    #expect(try dyad(["code", "--date", "2024-05-16", long]).code == 0)
    #expect(try dyad(["code", "--max-text-mb", "-1", long]).code == 2)
    // ingest: the refused document is not stored, the other one is.
    let db = dir.appendingPathComponent("t.sqlite").path
    let ing = try dyad(["ingest", "--db", db, "--date", "2024-05-16", "--max-text-mb", "0.002", long, fixture("summit.txt")])
    #expect(ing.code == 1 && ing.err.contains("1 documents stored"))
}

@Test func jobs_codeDocumentsAtOnce_withTheSameOutputInTheSameOrder() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let sentences = ["China and Russia signed a trade agreement on Monday.", "Valdoria was not mentioned; the talks went on.",
                     "Israeli troops attacked Hamas fighters in Gaza.", "The United States criticized Iran over its nuclear programme.",
                     "Japan and South Korea agreed to share intelligence.", "The weather was fine."]
    var lines: [String] = []
    for i in 0..<40 {
        lines.append(i % 13 == 5 ? "{not json" : #"{"id": "d\#(i)", "date": "2024-05-16", "text": "Report \#(i). \#(sentences[i % sentences.count]) \#(sentences[(i / 6) % sentences.count])"}"#)
    }
    let batch = dir.appendingPathComponent("batch.jsonl").path
    try (lines.joined(separator: "\n") + "\n").write(toFile: batch, atomically: true, encoding: .utf8)
    let one = try dyad(["code", "--jobs", "1", batch])
    let three = try dyad(["code", "--jobs", "3", batch])
    #expect(one.code == 1 && three.code == 1)
    #expect(one.out == three.out && !one.out.isEmpty)
    #expect(one.err == three.err && one.err.contains("3 of 40 inputs failed"))
    let ids = one.out.split(separator: "\n").compactMap { $0.split(separator: "\"").dropFirst(3).first.map(String.init) }
    #expect(ids == ids.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! })
    // ingest stores the same events whatever the number of jobs.
    let db = dir.appendingPathComponent("t.sqlite").path
    let ing = try dyad(["ingest", "--db", db, "--jobs", "3", batch])
    #expect(ing.code == 1 && ing.err.contains("37 documents stored"))
    #expect(try dyad(["events", "--db", db]).out == one.out)
    #expect(try dyad(["code", "--jobs", "0", batch]).code == 2)
}

@Test func usageErrors_exitWithTwo_andHelpWithZero() throws {
    let bad = try dyad(["code", "--format", "xml", fixture("summit.txt")])
    #expect(bad.code == 2)
    #expect(bad.err.contains("xml"))
    let badDate = try dyad(["code", "--date", "16/05/2024", fixture("summit.txt")])
    #expect(badDate.code == 2)
    let help = try dyad(["code", "--help"])
    #expect(help.code == 0)
    #expect(help.out.contains("--format"))
}

/// Malformed training settings are refused before any training (the treebank folder does not
/// even have to exist), not after minutes of it.
@Test func train_malformedSettingsAreRefusedBeforeTraining() throws {
    for (option, value) in [("--reprune", "320:x:640"), ("--reprune", "320"), ("--label-lookup", "20"), ("--transition-lookup", "20:2")] {
        let r = try dyad(["train", "parser", "--treebank", "/nonexistent", "--out", "/tmp/dyad-never-written.model", option, value])
        #expect(r.code == 2)
        #expect(r.err.contains(option))
    }
}

@Test func stdinAndJsonl_areRead() throws {
    let line = #"{"id": "doc-7", "date": "2024-05-16", "text": "Beijing and Moscow will deepen military cooperation."}"#
    let r = try dyad(["code", "--input", "jsonl", "-"], stdin: Data((line + "\n").utf8))
    #expect(r.code == 0)
    #expect(r.out.contains("\"doc_id\": \"doc-7\""))
    #expect(r.out.contains("\"cameo\": \"0312\""))
    #expect(r.out.contains("\"modality\": \"intended\""))
}

@Test func ingestTwice_storesOnce_andEventsListsThem() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("t.sqlite").path
    let first = try dyad(["ingest", "--db", db, "--date", "2024-05-16", fixture("summit.txt")])
    #expect(first.code == 0)
    #expect(first.err.contains("1 documents stored"))
    let second = try dyad(["ingest", "--db", db, "--date", "2024-05-16", fixture("summit.txt")])
    #expect(second.err.contains("0 documents stored (0 events), 1 already present"))
    let listed = try dyad(["events", "--db", db])
    let coded = try dyad(["code", "--date", "2024-05-16", fixture("summit.txt")])
    #expect(listed.out == coded.out)
}

@Test func actors_resolvesPhrasesOnTheirDates_andNonsenseToNoActor() throws {
    let input = """
    {"id": "a", "text": "Chinese Defense Ministry spokesman Wu Qian", "date": "2023-12-28"}
    {"id": "b", "text": "Dmitry Medvedev", "date": "2010-01-01"}
    {"id": "c", "text": "a cat named Frank who likes string"}
    {"id": "d", "text": "Shanghai police"}
    Chile's Defense Ministry
    """
    let r = try dyad(["actors", "-"], stdin: Data(input.utf8))
    #expect(r.code == 0)
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines[0] == #"{"id": "a", "text": "Chinese Defense Ministry spokesman Wu Qian", "code": "CHNGOV", "country": "CHN", "sector": "GOV", "name": "Wu Qian", "kb_id": "person:wu_qian", "sector2": "MIL"}"#)
    #expect(lines[1].contains(#""code": "RUSGOV""#) && lines[1].contains(#""kb_id": "person:medvedev""#))
    #expect(lines[2] == #"{"id": "c", "text": "a cat named Frank who likes string", "code": null, "country": null, "sector": null, "name": null, "kb_id": null, "sector2": null}"#)
    #expect(lines[3].contains(#""code": "CHNCOP""#))
    #expect(lines[4].contains(#""id": "-:5""#) && lines[4].contains(#""sector": "GOV""#) && lines[4].contains(#""sector2": "MIL""#))
}

@Test func exportAndServeCommands_validateTheirOptions() throws {
    #expect(try dyad(["export", "--format", "xml"]).code == 2)
    #expect(try dyad(["export", "--from", "yesterday"]).code == 2)
    #expect(try dyad(["serve", "--port", "0"]).code == 2)
}

@Test func parse_readsAWebPageAsItsArticleText_notItsMarkup() throws {
    let dir = try tempDir()
    let page = dir.appendingPathComponent("page.html")
    let body = "The minister met the envoy in the capital on Monday. They agreed to meet again next month."
    try """
        <!doctype html><html><head><title>Talks</title><script>var tracking = "x";</script></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Talks</h1><p>\(body)</p></article><footer>Copyright</footer></body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
    let r = try dyad(["parse", page.path])
    #expect(r.code == 0)
    let texts = r.out.split(separator: "\n").filter { $0.hasPrefix("# text = ") }.map { String($0.dropFirst(9)) }
    #expect(texts == ["The minister met the envoy in the capital on Monday.", "They agreed to meet again next month."])
    #expect(!r.out.contains("<"))
    let words = r.out.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { $0.split(separator: "\t") }
    #expect(words.first(where: { $0[1] == "met" })?[7] == "root")
}

@Test func parse_sentenceTextLinesAreCutAtScalarOffsets() throws {
    // Sentence texts come from one array of the document's scalars; characters outside ASCII
    // before a sentence must not shift it.
    let r = try dyad(["parse", "--input", "text", "-"], stdin: Data("Zürich’s mayor met Ørsted officials. Talks résumé: none.\n\nA third one 😀 ended.".utf8))
    #expect(r.code == 0)
    let texts = r.out.split(separator: "\n").filter { $0.hasPrefix("# text = ") }.map { String($0.dropFirst(9)) }
    #expect(texts == ["Zürich’s mayor met Ørsted officials.", "Talks résumé: none.", "A third one 😀 ended."])
}

@Test func parse_beamDecoderIsChosenOnTheCommandLine() throws {
    // A garden path for one word of lookahead; the beam takes "the talks" as what the envoy led.
    let r = try dyad(["parse", "--decoder", "beam", "-"], stdin: Data("The envoy who led the talks said nothing.".utf8))
    #expect(r.code == 0)
    let rows = r.out.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
    #expect(rows.map { $0[6] } == ["2", "7", "4", "2", "6", "4", "0", "7", "7"])
    #expect(rows[5][7] == "obj" && rows[3][7] == "acl:relcl" && rows[6][7] == "root")
    #expect(try dyad(["parse", "--decoder", "wide", "-"], stdin: Data("Hello.".utf8)).code == 2)
}

@Test func parse_timingReportsLoadTablesWordsAndStages() throws {
    let r = try dyad(["parse", "--timing", "-"], stdin: Data("The minister met the envoy in the capital on Monday.".utf8))
    #expect(r.code == 0)
    let lines = r.err.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("models loaded in ") == true)
    // The built-in models: a tagger, a transition table, a label table and a supertagger, with their lookups.
    let tables = lines.filter { $0.hasPrefix("  ") && $0.contains(" features, ") }.map { $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces) }
    #expect(tables == ["tagger", "transitions", "labeller", "supertagger"])
    #expect(lines.contains { $0.hasPrefix("  label lookup: ") && $0.hasSuffix(" contexts") })
    #expect(lines.contains { $0.hasPrefix("  transition lookup: ") && $0.hasSuffix(" contexts") })
    #expect(lines.contains { $0.hasPrefix("tagger+parser: 11 words in ") && $0.hasSuffix(" words/s") })
    #expect(lines.contains { $0.hasPrefix("  tagging ") && $0.contains(", supertagging ") && $0.contains(", parsing ") })
    // Without --timing nothing is written to stderr.
    #expect(try dyad(["parse", "-"], stdin: Data("Hello.".utf8)).err == "")
}
