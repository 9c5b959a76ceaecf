using System.Threading.Tasks;
using CoroGen;

public static partial class GlobalProgram
{
    [Coroutine]
    internal static async partial Coro<int> Main2()
    {
        await Task.Yield();
        return 0;
    }
}
