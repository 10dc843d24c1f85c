using System.Net;
using System.Net.Sockets;

namespace QueueSystem.IntegrationTests;

/// <summary>
/// Connections from a loopback address of a test's own (127.0.0.2, 127.0.0.3, …), so limits per client address
/// meet that test's requests only, not the rest of the suite's.
/// </summary>
public static class LocalAddress
{
    public static SocketsHttpHandler Handler(string address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
