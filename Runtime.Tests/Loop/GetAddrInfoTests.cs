using System.Net;
using System.Net.Sockets;
using CoroGen.Loop;

namespace CoroGen.Tests.Loop;

/// <summary><see cref="EventLoop.GetAddrInfo"/> (asyncio's <c>loop.getaddrinfo</c>), with names that need no network.</summary>
[TestClass]
public sealed class GetAddrInfoTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static T Run<T>(Func<EventLoop, Coro<T>> main)
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        return loop.RunUntilComplete(Coro.WaitFor(main(loop), Deadline));
    }

    [TestMethod]
    public void LocalhostResolvesThroughTheExecutorToLoopbackEntries()
    {
        var results = Run(loop => loop.GetAddrInfo("localhost", 8080));
        Assert.IsTrue(results.Length >= 2);
        foreach (var info in results)
        {
            Assert.IsTrue(IPAddress.IsLoopback(info.EndPoint.Address), info.ToString());
            Assert.AreEqual(8080, info.EndPoint.Port);
            Assert.AreEqual(info.EndPoint.AddressFamily, info.Family);
        }

        Assert.IsTrue(results.Any(r => r.SocketType == SocketType.Stream && r.Protocol == ProtocolType.Tcp));
        Assert.IsTrue(results.Any(r => r.SocketType == SocketType.Dgram && r.Protocol == ProtocolType.Udp));
    }

    [TestMethod]
    public void ANumericAddressNeedsNoLookup()
    {
        var results = Run(loop => loop.GetAddrInfo("127.0.0.1", 80, type: SocketType.Stream));
        Assert.AreEqual(1, results.Length);
        Assert.AreEqual(new AddrInfo(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp, "", new IPEndPoint(IPAddress.Loopback, 80)), results[0]);
    }

    [TestMethod]
    public void NoHostMeansLoopbackIPv6First()
    {
        var results = Run(loop => loop.GetAddrInfo(null, 443, type: SocketType.Dgram));
        CollectionAssert.AreEqual(
            new[] { new IPEndPoint(IPAddress.IPv6Loopback, 443), new IPEndPoint(IPAddress.Loopback, 443) },
            results.Select(r => r.EndPoint).ToArray());
    }

    [TestMethod]
    public void FamilyFilterAndErrors()
    {
        var v4 = Run(loop => loop.GetAddrInfo(null, 1, AddressFamily.InterNetwork, SocketType.Stream));
        Assert.AreEqual(IPAddress.Loopback, v4.Single().EndPoint.Address);

        var error = Run(async loop =>
        {
            try
            {
                await loop.GetAddrInfo("::1", 1, AddressFamily.InterNetwork);
            }
            catch (SocketException e)
            {
                return e;
            }

            return null;
        });
        Assert.AreEqual(SocketError.HostNotFound, error?.SocketErrorCode);

        using var loop = new EventLoop();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntilComplete(loop.GetAddrInfo("localhost", 65536)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntilComplete(loop.GetAddrInfo("localhost", 1, AddressFamily.Unix)));
    }

    [TestMethod]
    public void AnUnknownNameRaisesSocketException()
    {
        var error = Run(async loop =>
        {
            try
            {
                await loop.GetAddrInfo("corogen-no-such-host.invalid", 80);
            }
            catch (SocketException e)
            {
                return e;
            }

            return null;
        });
        Assert.IsNotNull(error);
    }
}
