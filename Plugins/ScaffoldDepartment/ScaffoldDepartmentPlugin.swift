import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory scaffold-department <Name>`: writes a new
/// department module (one assistance type, a referral handler, a migration) with passing tests,
/// and lists it in Package.swift's `departments`, which links it into the server.
@main
struct ScaffoldDepartmentPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var options = ArgumentExtractor(arguments)
        let chineseName = options.extractOption(named: "chinese-name").last
        let need = options.extractOption(named: "need").last
        guard let name = options.remainingArguments.first, options.remainingArguments.count == 1 else {
            throw ScaffoldError(
                "usage: swift package --allow-writing-to-package-directory scaffold-department <Name> [--chinese-name 住房救助] [--need housing]")
        }
        let packages = [context.package] + context.package.dependencies.map(\.package)
        let blueprint = try DepartmentBlueprint(
            name: name, chineseName: chineseName, need: need,
            takenNames: Set(packages.flatMap(\.targets).map(\.name)))
        let written = try blueprint.write(into: context.package.directoryURL)
        try format(written + ["Package.swift"], in: context)
        print(
            """
            Scaffolded the \(blueprint.moduleID) department module:
            \(written.map { "  \($0)" }.joined(separator: "\n"))
            and added "\(name)" to `departments` in Package.swift, which links it into the server.
            Next: swift build --build-tests && swift test --skip-build --filter \(name)Tests
            """)
    }
}

/// Formats the written files as the rest of the code base (`.swift-format`), so they pass the
/// lint CI runs; says so and leaves them as written when the toolchain has no swift-format.
private func format(_ paths: [String], in context: PluginContext) throws {
    guard let formatter = try? context.tool(named: "swift-format") else {
        print("swift-format not found: run `swift format format --in-place` on the new files before committing")
        return
    }
    let process = Process()
    process.executableURL = formatter.url
    process.currentDirectoryURL = context.package.directoryURL
    process.arguments = ["format", "--in-place"] + paths
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ScaffoldError("swift-format could not format the new files (exit \(process.terminationStatus))")
    }
}

/// A refusal to scaffold, with what to do.
struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
