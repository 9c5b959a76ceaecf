// The differential harness (issue #4): every corpus program is a [Coroutine] method run twice,
// once through the C# compiler's lowering (the builder path: a call through a delegate never
// reaches the machine) and once through the generator's struct machine
// (MachineCoro.Create(new C.__M_Machine(...))). Both runs get a fresh virtual-time loop and a
// fresh trace; the harness compares the trace, the result or the exception (type and message),
// the virtual time at the end and, for cancellation programs, the cancellation outcome.
// Invariants: a program is registered with the owner type and method name so the harness can
// check that the generator really lowered it (the step method, an overload of M taking the machine by reference, exists) unless the
// program is deliberately in the CORO0009 fallback list, where it checks the adapter instead.
using System.Collections;
using System.Globalization;
using System.Reflection;
using CoroGen.CompilerServices;
using CoroGen.Loop;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Machine;

/// <summary>What one run of a corpus program showed.</summary>
internal sealed record Observation(string Trace, string Outcome, double Time)
{
    public override string ToString() =>
        $"outcome: {Outcome}\ntime: {Time.ToString(CultureInfo.InvariantCulture)}\ntrace:\n  {Trace.Replace("\n", "\n  ", StringComparison.Ordinal)}";
}

/// <summary>One corpus program: how to start it on each path and what the generator must have done with it.</summary>
internal abstract class CorpusCase
{
    protected CorpusCase(string name, Type owner, string method)
    {
        Name = name;
        Owner = owner;
        Method = method;
    }

    public string Name { get; }

    /// <summary>The type that declares the [Coroutine] method (open generic types are fine).</summary>
    public Type Owner { get; }

    public string Method { get; }

    /// <summary>False for the programs that must fall back to the builder path with CORO0009.</summary>
    public bool ExpectLowered { get; private set; } = true;

    /// <summary>
    /// The driver also spawns the program and cancels it after 0..CancelPoints loop turns. Every
    /// program gets a short sweep (0..3 turns: before it starts and at its first awaits);
    /// cancellation programs ask for more with <see cref="CancelAt"/>; programs whose progress
    /// per turn depends on other threads (Task.Run, Task.Yield) opt out with <see cref="NoCancelSweep"/>.
    /// </summary>
    public int CancelPoints { get; private set; } = 3;

    /// <summary>Runs no cancellation sweep: how far the program gets per loop turn depends on the thread pool.</summary>
    public CorpusCase NoCancelSweep()
    {
        CancelPoints = 0;
        return this;
    }

    /// <summary>Also runs the program cancelled after 0..<paramref name="points"/> loop turns.</summary>
    public CorpusCase CancelAt(int points)
    {
        CancelPoints = points;
        return this;
    }

    /// <summary>Marks a program the generator must leave on the builder path (CORO0009, adapter machine).</summary>
    public CorpusCase FallsBack()
    {
        ExpectLowered = false;
        return this;
    }

    /// <summary>Runs the program; <paramref name="cancelAfter"/> &lt; 0 awaits it, otherwise spawns it and cancels it after that many turns.</summary>
    public abstract Observation Run(bool machine, int cancelAfter);

    public override string ToString() => Name;

    protected static Observation Drive(Func<List<string>, Coro<string>> body)
    {
        var trace = new List<string>();
        var clock = new VirtualTimeProvider();
        using var runner = new Runner(loopFactory: () => new EventLoop(new EventLoopOptions { TimeProvider = clock, ErrorWriter = TextWriter.Null }));
        string outcome;
        try
        {
            outcome = runner.Run(body(trace));
        }
        catch (Exception e)
        {
            outcome = "driver failed: " + Describe(e);
        }

        return new Observation(string.Join("\n", trace), outcome, clock.Now.TotalSeconds);
    }

    /// <summary>Empty when the coroutine runs on the expected path, else a marker that fails the comparison.</summary>
    protected static string PathCheck(bool isMachine, bool expectMachine) =>
        isMachine == expectMachine ? string.Empty : (expectMachine ? "WRONG PATH (builder-backed) " : "WRONG PATH (machine-backed) ");

    public static string Describe(Exception e) =>
        e.GetType().FullName + ": " + e.Message + (e.InnerException is { } inner ? " <- " + Describe(inner) : string.Empty);

    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "null",
    };
}

/// <summary>A program returning <c>Coro&lt;T&gt;</c>.</summary>
internal sealed class CorpusCase<T>(string name, Type owner, string method, Func<List<string>, Coro<T>> builder, Func<List<string>, Coro<T>> machine)
    : CorpusCase(name, owner, method)
{
    public override Observation Run(bool useMachine, int cancelAfter) => Drive(trace =>
    {
        Coro<T> coro = useMachine ? machine(trace) : builder(trace);
        return Body(coro, trace, cancelAfter, PathCheck(MachineCoro.IsMachine(coro), useMachine));
    });

    private static async Coro<string> Body(Coro<T> coro, List<string> trace, int cancelAfter, string path)
    {
        if (cancelAfter < 0)
        {
            try
            {
                return path + "result " + Format(await coro);
            }
            catch (Exception e)
            {
                return path + "threw " + Describe(e);
            }
        }

        var task = Coro.Spawn(coro);
        for (var i = 0; i < cancelAfter; i++)
        {
            await Coro.Sleep(0);
        }

        trace.Add("driver: cancel");
        bool requested = task.Cancel("stop");
        try
        {
            return path + $"cancel requested {requested}, result " + Format(await task);
        }
        catch (Exception e)
        {
            return path + $"cancel requested {requested}, threw {Describe(e)}";
        }
    }
}

/// <summary>A program returning <c>Coro</c>.</summary>
internal sealed class CorpusVoidCase(string name, Type owner, string method, Func<List<string>, Coro> builder, Func<List<string>, Coro> machine)
    : CorpusCase(name, owner, method)
{
    public override Observation Run(bool useMachine, int cancelAfter) => Drive(trace =>
    {
        Coro coro = useMachine ? machine(trace) : builder(trace);
        return Body(coro, trace, cancelAfter, PathCheck(MachineCoro.IsMachine(coro), useMachine));
    });

    private static async Coro<string> Body(Coro coro, List<string> trace, int cancelAfter, string path)
    {
        if (cancelAfter < 0)
        {
            try
            {
                await coro;
                return path + "completed";
            }
            catch (Exception e)
            {
                return path + "threw " + Describe(e);
            }
        }

        var task = Coro.Spawn(coro);
        for (var i = 0; i < cancelAfter; i++)
        {
            await Coro.Sleep(0);
        }

        trace.Add("driver: cancel");
        bool requested = task.Cancel("stop");
        try
        {
            await task;
            return path + $"cancel requested {requested}, completed";
        }
        catch (Exception e)
        {
            return path + $"cancel requested {requested}, threw {Describe(e)}";
        }
    }
}

/// <summary>Registration helpers the corpus files use.</summary>
internal static class Corpus
{
    /// <summary>A static program: <paramref name="builder"/> is the method group (a delegate call is always the builder path).</summary>
    public static CorpusCase<T> Of<T>(Func<List<string>, Coro<T>> builder, Func<List<string>, Coro<T>> machine, string? name = null) =>
        new(name ?? builder.Method.Name, builder.Method.DeclaringType!, builder.Method.Name, builder, machine);

    public static CorpusVoidCase Void(Func<List<string>, Coro> builder, Func<List<string>, Coro> machine, string? name = null) =>
        new(name ?? builder.Method.Name, builder.Method.DeclaringType!, builder.Method.Name, builder, machine);

    /// <summary>An instance or otherwise shaped program: owner and method named explicitly.</summary>
    public static CorpusCase<T> Of<T>(string name, Type owner, string method, Func<List<string>, Coro<T>> builder, Func<List<string>, Coro<T>> machine) =>
        new(name, owner, method, builder, machine);

    public static CorpusVoidCase Void(string name, Type owner, string method, Func<List<string>, Coro> builder, Func<List<string>, Coro> machine) =>
        new(name, owner, method, builder, machine);

    /// <summary>Calls <paramref name="f"/> through a delegate: the builder path.</summary>
    public static Coro<T> ViaDelegate<T>(Func<Coro<T>> f) => f();

    public static Coro ViaDelegate(Func<Coro> f) => f();

    /// <summary>Every program of every corpus file.</summary>
    public static IReadOnlyList<CorpusCase> All { get; } = Collect();

    private static List<CorpusCase> Collect()
    {
        var all = new List<CorpusCase>();
        foreach (Type type in typeof(Corpus).Assembly.GetTypes().Where(static t => t.Namespace == typeof(Corpus).Namespace).OrderBy(static t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetMethod("Programs", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes) is { } programs
                && programs.ReturnType == typeof(IEnumerable<CorpusCase>))
            {
                all.AddRange((IEnumerable<CorpusCase>)programs.Invoke(null, null)!);
            }
        }

        return all;
    }

    public static CorpusCase Find(string name) => All.Single(c => c.Name == name);
}

/// <summary>The corpus as MSTest cases: one test case per program (and per cancellation point).</summary>
[TestClass]
public sealed class DifferentialTests
{
    public static IEnumerable<object[]> Programs => Corpus.All.Select(static c => new object[] { c.Name });

    public static IEnumerable<object[]> CancellationPoints =>
        Corpus.All.Where(static c => c.CancelPoints > 0).SelectMany(static c => Enumerable.Range(0, c.CancelPoints + 1).Select(k => new object[] { c.Name, k }));

    [TestMethod]
    public void CorpusIsLargeAndNamesAreUnique()
    {
        Assert.IsGreaterThanOrEqualTo(80, Corpus.All.Count, "the differential corpus must hold at least 80 programs");
        Assert.AreEqual(Corpus.All.Count, Corpus.All.Select(static c => c.Name).Distinct().Count(), "program names must be unique");
    }

    [TestMethod]
    [DynamicData(nameof(Programs))]
    public void BothPathsAgree(string program)
    {
        CorpusCase c = Corpus.Find(program);
        AssertLowering(c);
        Observation builder = c.Run(false, cancelAfter: -1);
        Observation machine = c.Run(true, cancelAfter: -1);
        Assert.DoesNotStartWith("driver failed", builder.Outcome, builder.ToString());
        Assert.DoesNotContain("WRONG PATH", builder.Outcome + machine.Outcome, builder + "\n---\n" + machine);
        Assert.AreEqual(builder.ToString(), machine.ToString(), $"{program}: the machine path differs from the builder path");
    }

    [TestMethod]
    [DynamicData(nameof(CancellationPoints))]
    public void CancellationAgrees(string program, int cancelAfterTurns)
    {
        CorpusCase c = Corpus.Find(program);
        Observation builder = c.Run(false, cancelAfterTurns);
        Observation machine = c.Run(true, cancelAfterTurns);
        Assert.DoesNotStartWith("driver failed", builder.Outcome, builder.ToString());
        Assert.DoesNotContain("WRONG PATH", builder.Outcome + machine.Outcome, builder + "\n---\n" + machine);
        Assert.AreEqual(builder.ToString(), machine.ToString(), $"{program} cancelled after {cancelAfterTurns} turns: the machine path differs from the builder path");
    }

    /// <summary>The comparison can fail: two programs that differ are told apart, one program equals itself.</summary>
    [TestMethod]
    public void HarnessTellsProgramsApart()
    {
        Observation a = Corpus.Find("IfElseChain").Run(true, cancelAfter: -1);
        Observation b = Corpus.Find("WhileWithBreakContinue").Run(true, cancelAfter: -1);
        Assert.AreNotEqual(a.ToString(), b.ToString());
        Assert.AreEqual(a.ToString(), Corpus.Find("IfElseChain").Run(false, cancelAfter: -1).ToString());
    }

    private static void AssertLowering(CorpusCase c)
    {
        Type owner = c.Owner.IsGenericType ? c.Owner.GetGenericTypeDefinition() : c.Owner;
        bool hasStep = LoweredMethods.IsLowered(owner, c.Method);
        bool hasMachine = owner.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).Any(t => t.Name.StartsWith("__" + c.Method + "_Machine", StringComparison.Ordinal));
        Assert.IsTrue(hasMachine, $"{c.Name}: the generator emitted no machine for {owner.Name}.{c.Method}");
        if (c.ExpectLowered)
        {
            Assert.IsTrue(hasStep, $"{c.Name}: {owner.Name}.{c.Method} was not lowered (adapter machine, CORO0009): the corpus expects the machine path");
        }
        else
        {
            Assert.IsFalse(hasStep, $"{c.Name}: {owner.Name}.{c.Method} is in the CORO0009 fallback list but was lowered: move it to the lowered corpus");
        }
    }
}
