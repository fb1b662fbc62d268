import ArgumentParser
import Foundation

/// The entry point: runs the command and maps errors to the contract's exit codes
/// (0 all processed, 1 some input failed, 2 usage error).
@main
enum Main {
    static func main() async {
        do {
            var command = try DyadCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch let e as SomeInputsFailed {
            Console.error(e.description)
            exit(1)
        } catch {
            let code = DyadCommand.exitCode(for: error)
            if code == .success {
                Console.write(DyadCommand.fullMessage(for: error) + "\n")
                exit(0)
            }
            let message = DyadCommand.fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(code == .validationFailure ? 2 : 1)
        }
    }
}
