import ArgumentParser
import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// `safetynet calendar load FILE`: a year's holiday schedule, as `PUT /api/v1/calendar/{year}` loads it.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Load a year's holidays and weekend working days (法定节假日安排).",
        subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Load a year's schedule from a JSON file {year, holidays: [YYYY-MM-DD…], workingDays: […]}; open limits reaching into the year are counted again."
        )

        @OptionGroup var common: CommonOptions
        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The JSON file.")
        var file: String

        @Flag(help: "Load it as a draft: limits reaching into the year stay provisional until a published schedule is loaded.")
        var draft = false

        @Option(help: "Why or from where it was loaded, for the audit log.")
        var note: String?

        struct File: Decodable {
            let year: Int
            let holidays: [CalendarDate]
            let workingDays: [CalendarDate]
        }

        func run() async throws {
            let schedule = try Self.read(file)
            let logger = try common.bootstrapLogging()
            let pool = try database.connect(logger: logger)
            let recounted: Int
            do {
                let calendar = CalendarStore(pool: pool, book: try await CalendarBook.load(from: pool))
                recounted = try await calendar.replace(schedule, published: !draft, note: note ?? "loaded from \(file)", by: nil)
            } catch {
                try? await pool.shutdown()
                throw error
            }
            try await pool.shutdown()
            print(
                "\(schedule.year): \(schedule.holidays.count) holidays and \(schedule.workingDays.count) weekend working days loaded"
                    + (draft ? " as a draft" : ", published") + "; \(recounted) open limits counted again. Running servers follow within a minute.")
        }

        static func read(_ path: String) throws -> StatutoryHolidays.Year {
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
            do {
                let file = try JSONDecoder().decode(File.self, from: data)
                return try StatutoryHolidays.Year(checking: file.year, holidays: file.holidays, workingDays: file.workingDays)
            } catch let error as FieldError {
                throw CommandFailure("\(path): \(error.description)")
            } catch {
                throw CommandFailure(
                    "\(path) is not a schedule: a JSON object {\"year\": 2027, \"holidays\": [\"2027-01-01\", …], \"workingDays\": […]}")
            }
        }
    }
}
