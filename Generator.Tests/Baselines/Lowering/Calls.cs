using System;
using CoroGen;

namespace Demo;

public partial struct Counter
{
    private int _count;

    [Coroutine]
    public async partial Coro<int> Bump()
    {
        await Coro.Sleep(0);
        return ++_count;
    }
}

public static partial class Calls
{
    [Coroutine]
    public static async partial Coro<int> Leaf(int i)
    {
        await Coro.Sleep(0);
        return i;
    }

    [Coroutine]
    public static async partial Coro<T> Echo<T>(T value)
    {
        await Coro.Sleep(0);
        return value;
    }

    [Coroutine]
    public static async partial Coro<int> Parent()
    {
        var a = await Leaf(1);
        var b = await Echo(a + 1);
        var task = Coro.Spawn(Leaf(3));
        var counter = new Counter();
        var c = await counter.Bump();
        return a + b + await task + c + await Even(4);
    }

    [Coroutine]
    public static async partial Coro<int> Even(int n)
    {
        if (n == 0)
        {
            return 1;
        }

        return await Odd(n - 1);
    }

    [Coroutine]
    public static async partial Coro<int> Odd(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        return await Even(n - 1);
    }
}
