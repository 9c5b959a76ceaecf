#define COROGEN_CORPUS_TRACE
// Corpus: a [Conditional] call whose symbol this file defines. The call stays in the builder
// path's body; the step method lives in the generated file, where the symbol is not defined.
using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class ConditionalCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        // Found by this corpus: the machine path dropped both calls. Now rejected (CORO0009).
        yield return Corpus.Of(ConditionalCallWithFileDefine, t => MachineCoro.Create<__ConditionalCallWithFileDefine_Machine, string>(new(t))).FallsBack();
    }

    [Conditional("COROGEN_CORPUS_TRACE")]
    private static void Note(List<string> t, string text) => t.Add("note " + text);

    [Coroutine]
    private static async partial Coro<string> ConditionalCallWithFileDefine(List<string> t)
    {
        Note(t, "before");
        await Coro.Sleep(0);
        Note(t, "after");
        return "ok";
    }
}
