import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Answers 400 and closes a connection whose first request cannot be parsed (a raw non-ASCII
/// byte in the path, say). The WebSocket-upgrade pipeline waits for a first request head to
/// decide between HTTP and WebSocket; a parse error never produces one, so without this the
/// connection would hang with no answer until the client gave up.
struct MalformedRequestGuard<Base: ServerChildChannel>: ServerChildChannel {
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Base.Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(FirstRequestHandler())
            return value
        }
    }

    func handle(value: Base.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }

    /// Sits behind the upgrade handler until the first request head passes, then steps aside:
    /// later parse errors are answered by Hummingbird itself.
    final class FirstRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias InboundOut = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            guard error is HTTPParserError else { return context.fireErrorCaught(error) }
            let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["connection": "close", "content-length": "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }
}
