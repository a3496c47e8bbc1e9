import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Watches a connection's first request, where the WebSocket-upgrade pipeline decides between
/// HTTP and WebSocket, so that every refusal there is answered like any other:
/// - a first request that cannot be parsed (a raw non-ASCII byte in the path, say) gets a 400
///   and the connection closes; without this it would hang with no answer, since the pipeline
///   waits for a request head that never comes;
/// - a refused upgrade (no valid token, say) gets the JSON error the upgrade check chose (401,
///   403, 404) instead of the framework's empty 400.
///
/// It also closes a connection that has not completed its TLS handshake and first request head
/// within `deadline`, so clients that connect and stall, or trickle their headers, cannot hold
/// descriptors open; later requests are bounded by the HTTP idle timeout.
struct FirstRequestGuard<Base: ServerChildChannel>: ServerChildChannel {
    let base: Base
    let deadline: Duration

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Base.Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(FirstRequestHandler(deadline: deadline))
            return value
        }
    }

    func handle(value: Base.Value, logger: Logger) async {
        var quiet = logger
        quiet.handler = AbandonedConnectionLogHandler(base: logger.handler)
        await base.handle(value: value, logger: quiet)
    }

    /// Lifts the first-request deadline of `channel`, whose request becomes a WebSocket: a
    /// subscriber may stay connected for hours without sending anything.
    static func keepOpen(_ channel: any Channel) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: FirstRequestHandler.self).liftDeadline()
        }.get()
    }

    /// Records `refusal` as the answer to the refused upgrade on `channel`.
    static func refuseUpgrade(on channel: any Channel, with refusal: APIError) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: FirstRequestHandler.self).refusal = refusal
        }.get()
    }
}

/// Sits behind the upgrade handler until the first request head passes, then steps aside (later
/// parse errors are answered by Hummingbird itself), unless an upgrade was refused: then it stays
/// to replace the framework's empty 400 with the refusal.
final class FirstRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The answer to a refused upgrade, set by the upgrade check.
    var refusal: APIError?
    private let deadline: Duration
    private var timer: Scheduled<Void>?

    init(deadline: Duration) { self.deadline = deadline }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(deadline)) {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        liftDeadline()
    }

    /// Cancels the deadline: the first request has come.
    func liftDeadline() {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        liftDeadline()
        context.fireChannelRead(data)
        if refusal == nil { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOWebSocketUpgradeError { return }  // a refused upgrade: answered in write(…)
        guard error is HTTPParserError else { return context.fireErrorCaught(error) }
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["connection": "close", "content-length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let refusal else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head:
            let body = refusal.jsonBody
            var headers: HTTPHeaders = ["content-type": "application/json; charset=utf-8", "content-length": "\(body.count)", "connection": "close"]
            for field in refusal.headers { headers.add(name: field.name.rawName, value: field.value) }
            let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: refusal.status.code), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: promise)
        case .body:
            promise?.succeed(())  // the framework's own body is replaced
        case .end(let trailers):
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        }
    }
}

/// Passes the connection layer's log on, except that a connection the client abandoned before
/// its first request (an aborted TLS handshake, a port scan, a stall cut at the deadline) is
/// logged at debug: it is the client's doing, and one scan would otherwise write hundreds of
/// error lines that bury the server's own.
struct AbandonedConnectionLogHandler: LogHandler {
    var base: any LogHandler

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        let abandoned = event.level == .error && event.message.description == "Error handling upgrade result"
        guard !abandoned || base.logLevel <= .debug else { return }
        if abandoned { event.level = .debug }
        base.log(event: event)
    }
}
