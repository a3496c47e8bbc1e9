import Mustache

/// A page of the console: the values its template reads, by property name.
public protocol ConsolePage: Sendable {
    /// The name of the template that renders it.
    static var template: String { get }
}

/// Renders the console's pages; every template is parsed once, when the renderer is made, so a
/// broken template stops the server at start-up rather than on a user's request.
public struct ConsoleRenderer: Sendable {
    private let library: MustacheLibrary

    /// Parses every template of ``ConsoleTemplates``.
    public init() throws {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all { try library.register(text, named: name) }
        self.library = library
    }

    /// The page as HTML, every value escaped.
    public func render<Page: ConsolePage>(_ page: Page) -> String {
        library.render(page, withTemplate: Page.template) ?? ""
    }
}
