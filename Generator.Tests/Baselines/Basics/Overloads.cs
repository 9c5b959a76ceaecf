using System.Threading.Tasks;
using CoroGen;

namespace Demo;

public partial class Worker
{
    [Coroutine]
    public async partial Coro Run()
    {
        await Task.Yield();
    }

    [Coroutine]
    public async partial Coro Run(int times)
    {
        await Task.Yield();
    }

    [Coroutine]
    public async partial Coro<T> Run<T>(T value)
    {
        await Task.Yield();
        return value;
    }
}
