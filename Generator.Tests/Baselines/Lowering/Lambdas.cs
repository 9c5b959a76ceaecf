using System;
using System.Collections.Generic;
using CoroGen;

namespace Demo;

public partial class Lambdas
{
    private int _count;

    [Coroutine]
    public async partial Coro<int> Run(int start)
    {
        var total = start;
        Func<int, int> add = n => total += n;
        await Coro.Sleep(0);
        add(1);
        await TaskGroup.Run(async group =>
        {
            await Coro.Sleep(0);
            _count++;
            total += _count + start;
        });

        return total;
    }
}
