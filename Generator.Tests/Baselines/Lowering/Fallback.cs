using System;
using System.Collections.Generic;
using CoroGen;

namespace Demo;

public static partial class Fallback
{
    [Coroutine]
    public static async partial Coro<int> PerIteration(List<Func<int>> sink)
    {
        for (var i = 0; i < 3; i++)
        {
            var copy = i;
            sink.Add(() => copy);
            await Coro.Sleep(0);
        }

        return sink.Count;
    }
}
