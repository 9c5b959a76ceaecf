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
}

public static class Program
{
    public static int Main()
    {
        var service = new Service();
        EventLoop.Run(Service.Ping());
        return EventLoop.Run(service.Fetch(42));
    }
}
