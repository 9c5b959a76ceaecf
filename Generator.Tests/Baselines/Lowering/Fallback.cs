using System;
using CoroGen;

namespace Demo;

public static partial class Fallback
{
    [Coroutine]
    public static async partial Coro<int> Captures(int seed)
    {
        var x = seed;
        await Coro.Sleep(0);
        Func<int> read = () => x;
        return read();
    }
}
