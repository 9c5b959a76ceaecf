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

            // This body is what runs (builder path), so the call is redirected to Tick's machine.
            await Tick();
        }

        return sink.Count;
    }

    [Coroutine]
    public static async partial Coro Tick()
    {
        await Coro.Sleep(0);
    }

    // Lowered: Tick's machine is inlined here, and this call is not intercepted.
    [Coroutine]
    public static async partial Coro TwoTicks()
    {
        await Tick();
        await Tick();
    }
}
