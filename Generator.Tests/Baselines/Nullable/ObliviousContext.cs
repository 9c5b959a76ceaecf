#nullable disable
using System.Collections.Generic;
using System.Threading.Tasks;
using CoroGen;

namespace Demo.Legacy;

public partial class LegacyService<T>
    where T : class
{
    [Coroutine]
    public async partial Coro<string> Load(string path, List<string> lines, T state)
    {
        await Task.Yield();
        return path + lines.Count + state;
    }
}
