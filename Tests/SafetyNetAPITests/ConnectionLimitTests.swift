import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresClient
import SafetyNetAPI
import Testing

/// Issue 11, finding 4: connections that stall in the handshake, trickle their headers or sit
/// idle are closed, and with every slot taken the server still answers within the deadline.
@Suite("Connection limits")
struct ConnectionLimitTests {
    static let limits = ServerSettings.ConnectionLimits(firstRequest: .seconds(1), idle: .seconds(2), maximumConnections: 4)

    /// A plain TCP connection that never starts TLS.
    static func stall(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Waits at most `limit` for `channel` to be closed by the server; true when it was.
    static func closed(_ channel: any Channel, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await channel.closeFuture.get()) != nil }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("stalled connections filling every slot are cut at the deadline, and /health answers")
    func stalledConnections() async throws {
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        try await RunningServer.with(pool: pool, limits: Self.limits) { _, port in
            var stalled: [any Channel] = []
            for _ in 0..<Self.limits.maximumConnections { stalled.append(try await Self.stall(port: port)) }
            let started = ContinuousClock.now
            let reply = try await MalformedRequestTests.exchange(
                Array("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8), port: port)
            #expect(reply.hasPrefix("HTTP/1.1 "), "\(reply.prefix(200))")
            #expect(ContinuousClock.now - started < .seconds(5), "answered only after \(ContinuousClock.now - started)")
            for channel in stalled { #expect(await Self.closed(channel, within: .seconds(3))) }
        }
    }

    @Test("headers trickled byte by byte are cut at the deadline; an idle kept-alive connection after the idle limit")
    func trickleAndIdle() async throws {
        let pool = ConnectionPool(configuration: .init(connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:1/none")))
        try await RunningServer.with(pool: pool, limits: Self.limits) { _, port in
            let trickle = try await Self.tlsChannel(port: port)
            let started = ContinuousClock.now
            for byte in Array("GET /openapi.json HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 40) {
                guard trickle.isActive else { break }
                try? await trickle.writeAndFlush(ByteBuffer(bytes: [byte]))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await Self.closed(trickle, within: .seconds(1)))
            #expect(ContinuousClock.now - started < .seconds(3))

            let idle = try await Self.tlsChannel(port: port)
            try await idle.writeAndFlush(ByteBuffer(string: "GET /openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            #expect(!(await Self.closed(idle, within: .seconds(1))), "a kept-alive connection stays open for a while")
            #expect(await Self.closed(idle, within: .seconds(4)), "and is closed once idle past the limit")
        }
    }

    /// A TLS connection whose replies are read as they come, for requests written by hand.
    static func asyncTLSChannel(port: Int) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let context = try NIOSSLContext(configuration: tls)
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    }

    /// A TLS connection whose replies are discarded.
    static func tlsChannel(port: Int) async throws -> any Channel {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let context = try NIOSSLContext(configuration: tls)
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
            }
        }.connect(host: "127.0.0.1", port: port).get()
    }
}
