using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CoroGen;

namespace Demo;

public static partial class Streams
{
    [Coroutine]
    public static async partial Coro<int> Drain(IAsyncEnumerable<int> source, IAsyncDisposable resource)
    {
        var sum = 0;
        await using (resource)
        {
            await foreach (var item in source)
            {
                sum += item;
            }
        }

        await Task.Yield();
        return sum;
    }
}
