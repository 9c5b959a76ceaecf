using System.Net.Sockets;

namespace CoroGen.Net;

/// <summary>
/// The direct send of a write that finds its send buffer empty, shared by <see cref="AsyncStreamWriter"/>
/// and <see cref="SocketTransport"/>: send until everything went or the kernel would block (only
/// <c>EAGAIN</c> proves a write edge is coming).
/// </summary>
internal static class SocketSend
{
    /// <summary>
    /// Sends <paramref name="data"/> without blocking, advancing it past what the kernel took:
    /// <see cref="SocketError.Success"/> when all of it went (<paramref name="data"/> is then empty),
    /// <see cref="SocketError.WouldBlock"/> when the rest must be buffered, or the error of a failed send.
    /// </summary>
    public static SocketError SendNow(Socket socket, ref ReadOnlySpan<byte> data)
    {
        while (true)
        {
            var sent = socket.Send(data, SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                return error;
            }

            data = data[sent..];
            if (data.IsEmpty)
            {
                return SocketError.Success;
            }
        }
    }
}
