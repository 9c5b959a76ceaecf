using CoroGen;

namespace Demo;

public static partial class Flow
{
    [Coroutine]
    public static async partial Coro<int> Loops(int n)
    {
        var total = 0;
        if (n < 0)
        {
            await Coro.Sleep(0);
            return -1;
        }
        else if (n == 0)
        {
            return 0;
        }

        var i = 0;
        while (i < n)
        {
            i++;
            if (i % 2 == 0)
            {
                continue;
            }

            await Coro.Sleep(0);
            total += i;
        }

        do
        {
            await Coro.Sleep(0);
            total--;
        }
        while (total > 100);

        for (var j = 0; j < 3; j++)
        {
            if (j == 2)
            {
                break;
            }

            await Coro.Sleep(0);
            for (var k = 0; k < 2; k++)
            {
                if (k == 1)
                {
                    break;
                }

                total += k;
            }
        }

        var tries = 0;
    retry:
        tries++;
        await Coro.Sleep(0);
        if (tries < 2)
        {
            goto retry;
        }

        return total + tries;
    }
}
