using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CoroGen;

// C# warns that defaults on the implementing part of a partial method have no effect (CS1066);
// the generator copies them to the defining part, where they do take effect.
#pragma warning disable CS1066

namespace Demo.Network;

[Flags]
public enum Options
{
    None = 0,
    Fast = 1,
    Safe = 2,
}

public partial class Client
{
    [Coroutine]
    public async partial Coro<int> Fetch(
        string? name,
        List<string?>? headers,
        int retries = 3,
        long timeoutMs = -1,
        double scale = 1.5,
        string label = "tab\t\"quoted\"",
        char separator = '\'',
        DayOfWeek day = DayOfWeek.Friday,
        Options options = Options.Fast | Options.Safe,
        CancellationToken token = default,
        int? limit = null,
        params string[] tags)
    {
        await Task.Yield();
        return tags.Length;
    }
}

public static partial class ClientExtensions
{
    [Coroutine]
    public static async partial Coro<string?> Describe(this Client client, object? state = null, decimal price = 9.99m)
    {
        await Task.Yield();
        return state?.ToString();
    }
}
