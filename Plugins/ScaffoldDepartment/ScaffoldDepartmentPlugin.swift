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
            throw ScaffoldError("usage: swift package --allow-writing-to-package-directory scaffold-department <Name> [--chinese-name 住房救助] [--need housing]")
        }
        let packages = [context.package] + context.package.dependencies.map(\.package)
        let blueprint = try DepartmentBlueprint(name: name, chineseName: chineseName, need: need,
                                                takenNames: Set(packages.flatMap(\.targets).map(\.name)))
        let written = try blueprint.write(into: context.package.directoryURL)
        print("""
            Scaffolded the \(blueprint.moduleID) department module:
            \(written.map { "  \($0)" }.joined(separator: "\n"))
            and added "\(name)" to `departments` in Package.swift, which links it into the server.
            Next: swift build --build-tests && swift test --skip-build --filter \(name)Tests
            """)
    }
}

/// A refusal to scaffold, with what to do.
struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
