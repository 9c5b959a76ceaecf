using CoroGen.Net;

namespace CoroGen.Benchmarks;

/// <summary>The protocol-API echo server: writes every received chunk straight back.</summary>
internal sealed class EchoProtocol : Protocol
{
    private Transport? _transport;

    /// <inheritdoc />
    public override void ConnectionMade(Transport transport) => _transport = transport;

    /// <inheritdoc />
    public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
}
