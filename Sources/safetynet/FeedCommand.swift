import ArgumentParser
import FeedIntake
import Foundation
import SafetyNetKernel

/// `safetynet feed`: department data files.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Department data files (feeds): list them, check a file, send it to a server.",
        subcommands: [Check.self, Upload.self, List.self])

    /// `safetynet feed list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the feeds of the modules linked into this build, with their columns.")

        func run() throws {
            for feed in try Self.feeds() {
                print("\(feed.id)  \(feed.chineseName)  (\(feed.subject == .household ? "names the household head" : "names the person"))")
                for field in feed.fields {
                    print("    \(field.chineseLabel) · \(field.name)\(field.isRequired ? "  required" : "")\(field.isPersonal ? "  personal" : "")")
                }
            }
        }

        /// The feeds of this build, collected and checked by the catalog as the server does.
        static func feeds() throws -> [FeedDefinition] {
            do {
                return try AssistanceCatalog(modules: DepartmentRegistry.modules).feeds.values.sorted { $0.id < $1.id }
            } catch {
                throw CommandFailure("the modules of this build do not register: \(error)")
            }
        }
    }

    /// `safetynet feed check FILE --feed ID`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a department's file as the server would and report its rows: accepted, refused and why (personal values masked).",
            discussion: "Nothing is sent or stored. Exit status 0 when every row reads, 1 when a row is refused or the file cannot be read.")

        @OptionGroup var input: FeedFileOptions

        @Option(help: "How many problems to print.")
        var show: Int = 20

        func run() throws {
            guard let definition = try List.feeds().first(where: { $0.id.rawValue == input.feed }) else {
                throw ValidationError("no feed \(input.feed) in this build; `safetynet feed list` shows them")
            }
            let (format, encoding) = try input.formatAndEncoding()
            guard let handle = FileHandle(forReadingAtPath: input.file) else { throw CommandFailure("cannot open \(input.file)") }
            defer { try? handle.close() }
            let (tally, ignored) = try Self.read(handle, feed: definition, format: format, encoding: encoding)
            Self.report(tally, ignored: ignored, show: show)
            if tally.refused > 0 { throw ExitCode.failure }
        }

        private static func read(_ handle: FileHandle, feed: FeedDefinition, format: FeedFormat, encoding: FeedEncoding) throws -> (
            FeedBatchTally, [String]
        ) {
            var tally = FeedBatchTally()
            do {
                let today = WorkingCalendar.day(of: Date())
                var reader = try FeedBatchReader(feed: feed, format: format, encoding: encoding, today: today)
                while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                    tally.add(try reader.read(chunk))
                }
                tally.add(try reader.finish())
                return (tally, reader.ignoredColumns)
            } catch let error as FeedBatchError {
                throw CommandFailure("the file cannot be read after \(tally.rows) rows: \(error)")
            }
        }

        private static func report(_ tally: FeedBatchTally, ignored: [String], show: Int) {
            print("rows \(tally.rows): accepted \(tally.accepted), refused \(tally.refused)")
            if !ignored.isEmpty { print("columns not in the feed, ignored: \(ignored.joined(separator: ", "))") }
            for problem in tally.problems.prefix(show) {
                let value = problem.value.map { " (\($0))" } ?? ""
                print("row \(problem.row)\(problem.field.isEmpty ? "" : " \(problem.field)")\(value): \(problem.message) [\(problem.code)]")
            }
            if tally.problems.count > show || tally.problems.count == tally.problemLimit {
                print("… more problems not shown; --show N prints more")
            }
        }
    }
}

/// The file a feed command reads and how it is written.
struct FeedFileOptions: ParsableArguments {
    @Argument(help: "The CSV (header row first) or JSON Lines file.")
    var file: String

    @Option(help: "The feed, e.g. medical-aid.settlements (`safetynet feed list` shows them).")
    var feed: String

    @Option(help: "utf-8 (with or without BOM) or gb18030.")
    var encoding: String = FeedEncoding.utf8.rawValue

    @Option(help: "csv or jsonl; by default from the file's extension (.jsonl is JSON Lines, anything else CSV).")
    var format: String?

    /// The format (stated, or from the extension) and the encoding.
    func formatAndEncoding() throws -> (FeedFormat, FeedEncoding) {
        guard let encoding = FeedEncoding(rawValue: encoding.lowercased()) else { throw ValidationError("--encoding is utf-8 or gb18030") }
        let name = format ?? (file.hasSuffix(".jsonl") ? FeedFormat.jsonLines.rawValue : FeedFormat.csv.rawValue)
        guard let format = FeedFormat(rawValue: name) else { throw ValidationError("--format is csv or jsonl") }
        return (format, encoding)
    }
}
