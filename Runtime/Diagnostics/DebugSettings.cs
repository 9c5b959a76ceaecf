using System.Diagnostics;

namespace CoroGen.Diagnostics;

/// <summary>Process-wide debug-mode facts: the <c>COROGEN_DEBUG</c> switch and creation-site capture.</summary>
internal static class DebugSettings
{
    /// <summary>True when <c>COROGEN_DEBUG=1</c> (asyncio's <c>PYTHONASYNCIODEBUG</c>).</summary>
    public static readonly bool FromEnvironment = Environment.GetEnvironmentVariable("COROGEN_DEBUG") == "1";

    /// <summary>Debug mode for something created now: the running loop's setting, else the environment's.</summary>
    public static bool IsOn => EventLoop.Current?.Debug ?? FromEnvironment;

    /// <summary>
    /// The user's call stack at this point, without CoroGen's own frames (asyncio's
    /// <c>source_traceback</c>). Only captured in debug mode: it costs microseconds.
    /// </summary>
    public static string CaptureCreationSite()
    {
        var trace = new StackTrace(1, fNeedFileInfo: true);
        var lines = new System.Text.StringBuilder();
        var ownAssembly = typeof(DebugSettings).Assembly.GetName().Name;
        foreach (var frame in trace.GetFrames())
        {
            var method = DiagnosticMethodInfo.Create(frame);
            var typeName = method?.DeclaringTypeName;
            if (method is null || typeName is null || method.DeclaringAssemblyName?.StartsWith(ownAssembly + ",", StringComparison.Ordinal) == true
                || typeName.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal))
            {
                continue;
            }

            lines.Append("   at ").Append(typeName).Append('.').Append(method.Name);
            if (frame.GetFileName() is { } file)
            {
                lines.Append(" in ").Append(file).Append(':').Append(frame.GetFileLineNumber());
            }

            lines.Append('\n');
        }

        return lines.ToString();
    }
}
