using CoroGen;

namespace Demo;

public partial class Service
{
    [Coroutine]
    public async partial Coro<int> Fetch(int id)
    {
        await Coro.Sleep(0);
        return id;
    }

    [Coroutine]
    public static async partial Coro Ping()
    {
        await Coro.Sleep(0);
    }

    [Coroutine]
    public static async partial Coro<T> Echo<T>(T value)
    {
        await Coro.Sleep(0);
        return value;
    }
}

public partial class Box<T>
{
    [Coroutine]
    public static async partial Coro<T?> Empty()
    {
        await Coro.Sleep(0);
        return default;
    }
}

public partial struct Tally
{
    private int _count;

    [Coroutine]
    public async partial Coro<int> Next()
    {
        await Coro.Sleep(0);
        return ++_count;
    }
}

public static class Program
{
    public static int Main()
    {
        var service = new Service();
        var tally = new Tally();
        EventLoop.Run(Service.Ping());
        var text = EventLoop.Run(Service.Echo("x")) + EventLoop.Run(Service.Echo("y"));
        var none = EventLoop.Run(Box<string>.Empty());
        return EventLoop.Run(service.Fetch(42)) + EventLoop.Run(Service.Echo(1)) + EventLoop.Run(tally.Next()) + text.Length + (none is null ? 0 : 1);
    }

    public static T Generic<T>(T value) => EventLoop.Run(Service.Echo(value));
}
