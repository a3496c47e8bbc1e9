import Foundation
import Logging
import Testing

@testable import ServerLogging

@Suite("Log lines")
struct LogFormatTests {
    /// Writes through a real handler and output into a pipe, and reads the lines back.
    static func written(format: LogFormat, _ body: (Logger) -> Void) throws -> [String] {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]) }
        let output = LogOutput(descriptor: descriptors[1])
        let logger = Logger(label: "safetynet.test") { label in
            BufferedLogHandler(
                label: label, output: output, format: format, level: .info, metadataProvider: RequestLogContext.metadataProvider)
        }
        body(logger)
        output.flush()
        close(descriptors[1])
        let text = String(decoding: FileHandle(fileDescriptor: descriptors[0]).readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("JSON: one object per line with time, level, logger, source, message and the metadata; text escaped, Chinese kept")
    func json() throws {
        let lines = try Self.written(format: .json) { logger in
            logger.info(
                "查询 \"低保\"\n第二行\u{1}",
                metadata: [
                    "status": "200", "message": "shadowed", "list": .array(["a", .stringConvertible(3)]),
                    "nested": .dictionary(["k": "v\\w"]),
                ])
            logger.debug("below the level")
        }
        #expect(lines.count == 1)
        let object = try Self.object(lines[0])
        #expect(object["message"] as? String == "查询 \"低保\"\n第二行\u{1}")
        #expect(object["level"] as? String == "info" && object["logger"] as? String == "safetynet.test")
        #expect(object["source"] as? String == "ServerLoggingTests")
        #expect((object["time"] as? String)?.count == 24)
        #expect(object["status"] as? String == "200" && object["meta.message"] as? String == "shadowed")
        #expect(object["list"] as? [String] == ["a", "3"])
        #expect(object["nested"] as? [String: String] == ["k": "v\\w"])
        #expect(!lines[0].contains("\\u4e"), "Chinese is written as UTF-8, not escaped")
    }

    @Test("every line written while a request is served carries its id, whichever logger writes it")
    func requestID() throws {
        let lines = try Self.written(format: .json) { logger in
            RequestLogContext.$requestID.withValue("req-42") { logger.info("inside") }
            logger.info("outside")
        }
        #expect(try Self.object(lines[0])[RequestLogContext.key] as? String == "req-42")
        #expect(try Self.object(lines[1])[RequestLogContext.key] == nil)
    }

    @Test("text: as swift-log's stream handler writes it, metadata sorted")
    func text() throws {
        let lines = try Self.written(format: .text) { logger in
            RequestLogContext.$requestID.withValue("req-7") { logger.warning("slow", metadata: ["ms": "120"]) }
        }
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix(" warning safetynet.test: hb.request.id=req-7 ms=120 [ServerLoggingTests] slow"), "\(lines[0])")
    }
}
