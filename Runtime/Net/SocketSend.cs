using System.Net.Sockets;

namespace CoroGen.Net;

/// <summary>
/// The non-blocking sends of <see cref="AsyncStreamWriter"/> and <see cref="SocketTransport"/>: a write
/// that finds the send buffer empty (<see cref="SendNow"/>), and the flush of the buffer at a write
/// edge (<see cref="Flush"/>). Both send until everything went or the kernel would block (only
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

    /// <summary>
    /// Sends the pending bytes of <paramref name="buffer"/> without blocking, dropping what the kernel took:
    /// <see cref="SocketError.Success"/> when the buffer is empty, <see cref="SocketError.WouldBlock"/>
    /// when the kernel's buffer is full (the rest stays pending), or the error of a failed send.
    /// </summary>
    public static SocketError Flush(Socket socket, ref SendBuffer buffer)
    {
        while (buffer.Count > 0)
        {
            var sent = socket.Send(buffer.Pending, SocketFlags.None, out var error);
            if (error != SocketError.Success)
            {
                return error;
            }

            buffer.Advance(sent);
        }

        return SocketError.Success;
    }
}
