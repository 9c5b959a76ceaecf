using Microsoft.Extensions.Logging;

namespace CoroGen.Diagnostics;

/// <summary>
/// Reports made from finalizers (asyncio's "never awaited", "exception was never retrieved",
/// "unclosed" warnings): written to the owning loop's log when it is still open, else to
/// standard error. Runs on the finalizer thread, so it touches nothing but the log.
/// </summary>
internal static class DebugReports
{
    public static void Report(EventLoop? loop, LogLevel level, string message, Exception? exception = null)
    {
        if (Environment.HasShutdownStarted)
        {
            return;
        }

        try
        {
            if (loop is not null && !loop.IsClosed)
            {
                loop.Log(level, message, exception);
            }
            else
            {
#pragma warning disable RS0030 // The last-resort sink: the report's loop is gone, so nothing else can take it.
                Console.Error.WriteLine(exception is null ? message : $"{message}\n{exception}");
#pragma warning restore RS0030
            }
        }
        catch (Exception)
        {
            // A finalizer must never throw; a report that cannot be written is dropped.
        }
    }

    /// <summary>Names a compiler state machine the way the user wrote it: <c>&lt;Main&gt;d__3</c> in <c>Program</c> → <c>Program.Main</c>.</summary>
    public static string CoroutineName(Type? machineType)
    {
        if (machineType is null)
        {
            return "coroutine";
        }

        // Compiler names: "<Method>d__3" for a method, "<<Outer>g__Local|2_0>d" for a local function.
        var name = machineType.Name;
        string method;
        var local = name.IndexOf("g__", StringComparison.Ordinal);
        var generated = name.StartsWith("__", StringComparison.Ordinal) ? name.IndexOf("_Machine", StringComparison.Ordinal) : -1;
        if (generated > 2)
        {
            // CoroGen's generator: "__Method_Machine" (overloads add "_HASH"), generic arity "`1".
            method = name.Substring(2, generated - 2);
        }
        else if (local >= 0)
        {
            var bar = name.IndexOf('|', local);
            method = bar > local ? name.Substring(local + 3, bar - local - 3) : name;
        }
        else
        {
            var start = name.IndexOf('<');
            var end = name.IndexOf('>');
            method = start >= 0 && end > start + 1 ? name.Substring(start + 1, end - start - 1) : name;
        }

        return machineType.DeclaringType is { } declaring ? $"{declaring.Name}.{method}" : method;
    }
}
