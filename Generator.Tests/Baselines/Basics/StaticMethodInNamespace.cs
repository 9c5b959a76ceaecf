using System.Threading.Tasks;
using CoroGen;

namespace Demo.App
{
    public static partial class Program
    {
        [Coroutine]
        private static async partial Coro Hello()
        {
            await Task.Yield();
        }
    }
}
