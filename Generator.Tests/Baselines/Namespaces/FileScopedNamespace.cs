using System.Threading.Tasks;
using CoroGen;

namespace Demo.FileScoped.Inner;

internal sealed partial class Handler
{
    [Coroutine]
    public async partial Coro Handle()
    {
        await Task.Yield();
    }
}
