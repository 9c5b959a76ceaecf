using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using CoroGen.Loop;
using CoroGen.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CoroGen.Tests.Diagnostics;

/// <summary>Each debug-mode check, triggered and its report read (asyncio-dev.rst).</summary>
[TestClass]
public sealed partial class DebugModeTests
{
    [Coroutine]
    private static async partial Coro<int> Forgotten(int value)
    {
        await Coro.Sleep(0);
        return value;
    }

    [Coroutine]
    private static async partial Coro<int> Fails()
    {
        await Coro.Sleep(0);
        throw new FormatException("nobody looked");
    }

    private static EventLoop DebugLoop(ListLogger logger) =>
        new(new EventLoopOptions { Debug = true, Logger = logger, TimeProvider = new VirtualTimeProvider() });

    private static void CollectGarbage()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [TestMethod]
    public void DebugModeIsSwitchedOnByTheOptionAndByEventLoopRun()
    {
        using var loop = new EventLoop(new EventLoopOptions { Debug = true });
        Assert.IsTrue(loop.Debug);
        var seen = EventLoop.Run(IsDebug(), debug: true);
        Assert.IsTrue(seen);

        static async Coro<bool> IsDebug()
        {
            await Coro.Sleep(0);
            return EventLoop.GetRunningLoop().Debug;
        }
    }

    [TestMethod]
    public void SlowCallbacksAndStepsAreLoggedWithWhatRan()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.SlowCallbackDuration = TimeSpan.FromMilliseconds(5);
        loop.CallSoon(() => Thread.Sleep(30));
        async Coro<int> Blocking()
        {
            Thread.Sleep(30);
            await Coro.Sleep(0);
            return 1;
        }

        loop.RunUntilComplete(Blocking());
        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.IsTrue(warnings.Any(m => m.StartsWith("Executing <Handle", StringComparison.Ordinal) && m.Contains("seconds")), string.Join("\n", warnings));
        Assert.IsTrue(warnings.Any(m => m.StartsWith("Executing <Task", StringComparison.Ordinal) && m.Contains("Blocking")), string.Join("\n", warnings));
    }

    [TestMethod]
    public void FastCallbacksAreNotReported()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.CallSoon(() => { });
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.AreEqual(0, logger.Entries.Count);
    }

    [TestMethod]
    public void ACoroutineThatIsNeverAwaitedIsReportedWithWhereItWasCreated()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.RunUntilComplete(CreateAndDrop());
        CollectGarbage();
        var report = logger.Entries.Select(e => e.Message).FirstOrDefault(m => m.Contains("never awaited"));
        Assert.IsNotNull(report, "expected a never-awaited report");
        StringAssert.Contains(report, "DebugModeTests.Forgotten");
        StringAssert.Contains(report, "Coroutine created at");
        StringAssert.Contains(report, nameof(DropOne));

        static async Coro CreateAndDrop()
        {
            DropOne();
            await Coro.Sleep(0);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropOne() => _ = Forgotten(1);

    [TestMethod]
    public void ATaskExceptionNobodyRetrievedIsReported()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.RunUntilComplete(SpawnAndForget());
        CollectGarbage();
        var report = logger.Entries.FirstOrDefault(e => e.Message.Contains("never retrieved"));
        Assert.IsNotNull(report.Message, "expected a never-retrieved report");
        Assert.AreEqual(LogLevel.Error, report.Level);
        Assert.IsInstanceOfType<FormatException>(report.Exception);
        StringAssert.Contains(report.Message, "Fails");
        StringAssert.Contains(report.Message, "Task created at");
    }

    [Coroutine]
    private static async partial Coro SpawnAndForget()
    {
        SpawnFailing();
        await Coro.Sleep(0);
        await Coro.Sleep(0);
        await Coro.Sleep(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SpawnFailing() => _ = Coro.Spawn(Fails());

    [TestMethod]
    public void ARetrievedTaskExceptionIsNotReported()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.RunUntilComplete(SpawnAndLook());
        CollectGarbage();
        Assert.IsFalse(logger.Entries.Any(e => e.Message.Contains("never retrieved")));

        static async Coro SpawnAndLook()
        {
            var task = Coro.Spawn(Fails());
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            Assert.IsInstanceOfType<FormatException>(task.Exception);
        }
    }

    [TestMethod]
    public void LoopApisCalledFromAnotherThreadThrowInDebugMode()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        var errors = new List<string>();
        async Coro Main()
        {
            var future = EventLoop.GetRunningLoop().CreateFuture<int>();
            await Coro.ToThread(() =>
            {
                foreach (var call in new Action[] { () => future.SetResult(1), () => loop.CallLater(TimeSpan.Zero, () => { }), () => loop.Spawn(Forgotten(2)) })
                {
                    try
                    {
                        call();
                    }
                    catch (InvalidOperationException e)
                    {
                        errors.Add(e.Message);
                    }
                }
            });
            future.SetResult(2);
        }

        loop.RunUntilComplete(Main());
        Assert.AreEqual(3, errors.Count);
        Assert.IsTrue(errors.All(m => m.Contains("CallSoonThreadSafe")));
    }

    [TestMethod]
    public void AnUnclosedDebugLoopIsReportedWhenCollected()
    {
        var saved = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            MakeAndDropLoop();
            CollectGarbage();
        }
        finally
        {
            Console.SetError(saved);
        }

        StringAssert.Contains(captured.ToString(), "Unclosed event loop");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeAndDropLoop() => _ = new EventLoop(new EventLoopOptions { Debug = true });

    [TestMethod]
    public void TheDefaultExceptionHandlerLogsThroughTheLogger()
    {
        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loop.CallSoon(() => throw new FormatException("callback"));
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        var entry = logger.Entries.Single(e => e.Level == LogLevel.Error);
        StringAssert.Contains(entry.Message, "Exception in callback");
        Assert.IsInstanceOfType<FormatException>(entry.Exception);
    }

    [TestMethod]
    public void RuntimeCountersArePublished()
    {
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "CoroGen")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var loopId = 0L;
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        var logger = new ListLogger();
        using var loop = DebugLoop(logger);
        loopId = loop.Id;
        async Coro Main()
        {
            _ = Coro.Spawn(Forgotten(1));
            _ = Coro.Spawn(Forgotten(2));
            await Coro.Sleep(0.5);
            listener.RecordObservableInstruments();
        }

        loop.RunUntilComplete(Main());
        Assert.AreEqual(1, seen["corogen.loop.tasks"], "only the main task is alive at that point");
        Assert.IsTrue(seen.ContainsKey("corogen.loop.ready"));
        Assert.IsTrue(seen.ContainsKey("corogen.loop.lag"));

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "loop.id" && (long)tag.Value! == loopId)
                {
                    seen[instrument.Name] = value;
                }
            }
        }
    }
}
