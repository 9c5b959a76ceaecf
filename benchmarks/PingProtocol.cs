using CoroGen.Net;

namespace CoroGen.Benchmarks;

/// <summary>
/// The protocol-API closed-loop client of the echo benchmarks: sends the message, counts the echo,
/// sends again once it is all back, until its round trips are done.
/// </summary>
internal sealed class PingProtocol : Protocol
{
    private Transport? _transport;
    private byte[] _message = [];
    private int _remaining;
    private int _filled;
    private Action? _done;

    /// <summary>The bytes received since <see cref="Start"/>.</summary>
    public long Total { get; private set; }

    /// <inheritdoc />
    public override void ConnectionMade(Transport transport) => _transport = transport;

    /// <summary>Starts <paramref name="roundTrips"/> round trips of <paramref name="message"/>; <paramref name="done"/> runs after the last echo.</summary>
    public void Start(byte[] message, int roundTrips, Action done)
    {
        _message = message;
        _remaining = roundTrips;
        _filled = 0;
        _done = done;
        Total = 0;
        _transport!.Write(message);
    }

    /// <inheritdoc />
    public override void DataReceived(ReadOnlySpan<byte> data)
    {
        _filled += data.Length;
        Total += data.Length;
        while (_filled >= _message.Length)
        {
            _filled -= _message.Length;
            if (--_remaining == 0)
            {
                _done!();
                return;
            }

            _transport!.Write(_message);
        }
    }
}
