using System;
using System.Collections.Generic;
using CoroGen;

namespace Demo;

public static partial class Handlers
{
    [Coroutine]
    public static async partial Coro<int> Guarded(List<string> log)
    {
        using (var scope = new Scope(log))
        {
            await Coro.Sleep(0);
        }

        using var declared = new Scope(log);
        try
        {
            await Coro.Sleep(0);
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e) when (e.Message == "boom")
        {
            await Coro.Sleep(0);
            log.Add(e.Message);
        }
        catch (Exception)
        {
            throw;
        }
        finally
        {
            await Coro.Sleep(0);
            log.Add("finally");
        }

        return log.Count;
    }

    private sealed class Scope(List<string> log) : IDisposable
    {
        public void Dispose() => log.Add("disposed");
    }
    private sealed class AsyncScope(List<string> log) : IAsyncDisposable
    {
        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            log.Add("disposed async");
            return default;
        }
    }

    [Coroutine]
    public static async partial Coro<int> Jumps(List<string> log, int n)
    {
        var tries = 0;
    again:
        tries++;
        await using (var scope = new AsyncScope(log))
        {
            try
            {
                await Coro.Sleep(0);
                if (tries < n)
                {
                    goto again;
                }

                goto done;
            }
            finally
            {
                await Coro.Sleep(0);
                log.Add("finally");
            }
        }

    done:
        return tries;
    }
    private struct ExplicitScope : IDisposable
    {
        void IDisposable.Dispose()
        {
        }
    }

    [Coroutine]
    public static async partial Coro Explicit()
    {
        using (var scope = new ExplicitScope())
        {
            await Coro.Sleep(0);
        }
    }
}
