// Corpus: binding context of copied code. The step method must bind names exactly as the
// user's method did: usings inside a block namespace, aliases, static usings, extension
// GetAwaiter methods and extension methods imported only by this file.
namespace CoroGen.Tests.Machine.Extras
{
    internal static class SecondsAwaiter
    {
        /// <summary>Lets a coroutine write <c>await 2.0.Seconds()</c>... and <c>await TimeSpan</c>.</summary>
        public static SleepAwaitable.Awaiter GetAwaiter(this TimeSpan delay) => Coro.Sleep(delay).GetAwaiter();

        public static string Shout(this string text) => text.ToUpperInvariant() + "!";
    }
}

namespace CoroGen.Tests.Machine
{
    using CoroGen.CompilerServices;
    using CoroGen.Tests.Machine.Extras;
    using Sb = System.Text.StringBuilder;
    using static System.Math;

    internal static partial class NamespacesCorpus
    {
        internal static IEnumerable<CorpusCase> Programs()
        {
            yield return Corpus.Of(BlockNamespaceUsingsAndAliases, t => MachineCoro.Create<__BlockNamespaceUsingsAndAliases_Machine, string>(new(t)));
        }

        [Coroutine]
        private static async partial Coro<string> BlockNamespaceUsingsAndAliases(List<string> t)
        {
            var sb = new Sb();
            await TimeSpan.FromSeconds(2);
            sb.Append("after extension await at " + EventLoop.GetRunningLoop().Time);
            var biggest = Max(await Leaf.Num(t, "a", 3), 7);
            sb.Append(' ').Append(biggest).Append(' ').Append("x".Shout());
            await Coro.Sleep(0);
            return sb.ToString();
        }
    }
}
