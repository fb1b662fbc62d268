import ArgumentParser
import Dyad
import DyadActors
import DyadCore
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput: time each pipeline stage over the inputs (use a release build).",
        discussion: "Reads every input first, then runs the pipeline over all documents `--rounds` times on one thread and prints documents, sentences and words per second for each stage and for the whole pipeline."
    )

    @OptionGroup var inputOptions: InputOptions

    @Option(help: "How many times to run over the documents (the best round is reported).")
    var rounds: Int = 3

    func run() throws {
        let loadStart = DispatchTime.now()
        let engine = try DyadEngine()
        let loadSeconds = seconds(since: loadStart)
        let docs = inputOptions.reader.read(inputOptions.inputs).compactMap { try? $0.get() }
        guard !docs.isEmpty else { throw ValidationError("no readable documents among the inputs") }
        var best: [String: Double] = [:]
        var words = 0, sentences = 0, events = 0
        for _ in 0..<max(1, rounds) {
            var perStage: [String: Double] = [:]
            words = 0; sentences = 0; events = 0
            for doc in docs {
                var d = doc
                for c in engine.pipeline.components {
                    let t = DispatchTime.now()
                    do { try c.process(&d) } catch { break }
                    perStage[c.name, default: 0] += seconds(since: t)
                }
                words += d.tokens.filter { $0.kind == .word || $0.kind == .number }.count
                sentences += d.sentences.count
                events += d.events.count
            }
            for (k, v) in perStage { best[k] = min(best[k] ?? .infinity, v) }
        }
        // The actor knowledge base on its own: load and compile, then trie matching over every token.
        let kbStart = DispatchTime.now()
        let kb = try KnowledgeBase.builtIn()
        let kbLoad = seconds(since: kbStart)
        let compileStart = DispatchTime.now()
        let matcher = ActorMatcher(knowledgeBase: kb) { engine.textAnalyzer.tokenizer.phraseWords($0) }
        let compile = seconds(since: compileStart)
        var tokenized: [[Token]] = []
        for doc in docs { var d = doc; try? engine.extractor.process(&d); tokenized.append(engine.textAnalyzer.tokenizer.tokenize(d.text)) }
        let tokenCount = tokenized.reduce(0) { $0 + $1.count }
        var bestMatch = Double.infinity, found = 0
        for _ in 0..<max(1, rounds) {
            let t = DispatchTime.now()
            found = 0
            for toks in tokenized { found += matcher.matches(in: toks[...]).count }
            bestMatch = min(bestMatch, seconds(since: t))
        }
        let total = engine.pipeline.names.reduce(0) { $0 + (best[$1] ?? 0) }
        var out = "dictionaries loaded in \(String(format: "%.1f", loadSeconds * 1000)) ms\n"
        out += "\(docs.count) documents, \(sentences) sentences, \(words) words, \(events) events; best of \(rounds) rounds\n"
        out += "stage        seconds   docs/s    sentences/s  words/s\n"
        for name in engine.pipeline.names + ["all"] {
            let s = name == "all" ? total : (best[name] ?? 0)
            out += name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %9.4f %9.0f %12.0f %10.0f\n", s, Double(docs.count) / s, Double(sentences) / s, Double(words) / s)
        }
        out += String(format: "actor knowledge base: %d phrases, %d people; load %.1f ms, trie compile %.1f ms\n", kb.phrases.count, kb.people.count, kbLoad * 1000, compile * 1000)
        out += String(format: "actor matching (trie only): %d tokens, %d phrases found, %.4f s, %.0f tokens/s\n", tokenCount, found, bestMatch, Double(tokenCount) / bestMatch)
        Console.write(out)
    }

    func seconds(since t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9 }
}
