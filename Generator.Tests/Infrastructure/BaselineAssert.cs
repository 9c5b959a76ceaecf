// Golden-file assertions. Baselines guard the readability of generated code as much as its
// correctness: a reviewer sees every change to the output as a diff of a .verified.cs file.
// Layout: Baselines/<Feature>/<Case>.cs is the input, <Case>.verified.cs beside it the
// expected output. A mismatch writes <Case>.received.cs (git-ignored) and prints a diff;
// COROGEN_ACCEPT_BASELINES=1 overwrites the verified file instead. Files are located from
// this source file's path, so tests work from a fresh clone without copying baselines.
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace CoroGen.Generator.Tests.Infrastructure;

/// <summary>Compares generated text with <c>Baselines/&lt;Feature&gt;/&lt;Case&gt;.verified.cs</c>.</summary>
internal static partial class BaselineAssert
{
    private const string AcceptVariable = "COROGEN_ACCEPT_BASELINES";

    /// <summary>The <c>Baselines</c> folder of the test project's source tree.</summary>
    public static string BaselinesDirectory { get; } = Path.Combine(ProjectDirectory(), "Baselines");

    /// <summary>Reads the input <c>Baselines/&lt;feature&gt;/&lt;caseName&gt;.cs</c>.</summary>
    public static string ReadInput(string feature, string caseName) =>
        Normalize(File.ReadAllText(Path.Combine(BaselinesDirectory, feature, caseName + ".cs")));

    /// <summary>Asserts <paramref name="actual"/> equals the verified baseline of the case.</summary>
    public static void Matches(string feature, string caseName, string actual)
    {
        string directory = Path.Combine(BaselinesDirectory, feature);
        string verifiedPath = Path.Combine(directory, caseName + ".verified.cs");
        string receivedPath = Path.Combine(directory, caseName + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        string? expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        string message = expected is null
            ? $"No baseline {verifiedPath}; wrote {receivedPath}. Review it and rename it, or rerun with {AcceptVariable}=1."
            : $"Output differs from {verifiedPath}; wrote {receivedPath}. Rerun with {AcceptVariable}=1 to accept.\n{Diff(expected, actual)}";
        Assert.Fail(message);
    }

    /// <summary>LF line endings, and the generator version replaced by a placeholder so version bumps do not touch baselines.</summary>
    public static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "GeneratedCode(\"CoroGen\", \"{version}\")");

    /// <summary>A line diff (longest common subsequence), unified style without hunk headers.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int[,] lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var builder = new StringBuilder("--- verified\n+++ received\n");
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                builder.Append("  ").Append(a[x++]).Append('\n');
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                builder.Append("+ ").Append(b[y++]).Append('\n');
            }
            else
            {
                builder.Append("- ").Append(a[x++]).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string ProjectDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;

    [GeneratedRegex("""GeneratedCode\("CoroGen", "[^"]*"\)""")]
    private static partial Regex VersionPattern();
}
