import NIOCore
import NIOPosix

/// A TCP server on loopback that accepts Redis clients and misbehaves: it either never
/// answers, or answers every request with bytes that are not RESP.
public struct FakeRedisServer: Sendable {
    public enum Behaviour: CaseIterable, Sendable { case silent, garbage }

    let channel: any Channel
    public var port: Int { channel.localAddress?.port ?? 0 }

    public static func start(_ behaviour: Behaviour) async throws -> FakeRedisServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if behaviour == .garbage { try child.pipeline.syncOperations.addHandler(GarbageReplier()) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeRedisServer(channel: channel)
    }

    public func close() async throws { try await channel.close() }

    final class GarbageReplier: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "%%garbage\u{0}\r\n")), promise: nil)
        }
    }
}
