/// A command that could not do its work (a file that does not parse, a database that refuses):
/// printed as `Error: …` with exit status 1 and no usage text, since the usage was right.
/// Wrong usage (a missing or malformed option) stays an ArgumentParser `ValidationError`.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
