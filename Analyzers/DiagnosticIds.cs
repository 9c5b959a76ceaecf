// Ids of the analyzer diagnostics. Ranges follow ANALYZERS.md §5: 0001-0019 generator contract
// (reported by the generator, see Generator/DiagnosticIds.cs), 0020-0039 awaiting and observing
// coroutines, 0040-0059 blocking the loop, 0060-0079 threads and loop affinity, 0080-0089
// spawned tasks, 0090-0099 cancellation, 0100-0109 resource lifetime, 0120-0129 style.
// Every id has a page docs/diagnostics/<id>.md and a line in AnalyzerReleases.Unshipped.md.
namespace CoroGen.Analyzers;

/// <summary>Ids of the diagnostics and suppressions the CoroGen analyzers report.</summary>
public static class DiagnosticIds
{
    /// <summary>
    /// Base URL of the per-id documentation pages; append the id and <c>.md</c>. Equal to the
    /// generator's <c>CoroGen.Generator.DiagnosticIds.HelpLinkBase</c> (a test checks it).
    /// </summary>
    public const string HelpLinkBase = "https://github.com/corogen/corogen/blob/main/docs/diagnostics/";

    /// <summary>An <c>async</c> method returning <c>Coro</c>/<c>Coro&lt;T&gt;</c> without <c>[Coroutine]</c>.</summary>
    public const string MissingCoroutineAttribute = "CORO0003";

    /// <summary>A <c>[Coroutine]</c> awaits itself, directly or through other coroutines of the compilation.</summary>
    public const string RecursiveCoroutineAwait = "CORO0005";

    /// <summary>A coroutine called through virtual, interface or delegate dispatch inside a coroutine.</summary>
    public const string CoroutineDispatch = "CORO0006";

    /// <summary>An <c>async void</c> method, local function or lambda in code that uses CoroGen.</summary>
    public const string AsyncVoid = "CORO0007";

    /// <summary>A coroutine's <c>Coro</c>/<c>Coro&lt;T&gt;</c> is dropped: never awaited nor spawned.</summary>
    public const string CoroutineNeverAwaited = "CORO0020";

    /// <summary>A <c>Coro</c> stored in a local that is never awaited, spawned or passed on.</summary>
    public const string CoroutineStoredNeverConsumed = "CORO0021";

    /// <summary>The same <c>Coro</c> variable awaited, spawned or run twice.</summary>
    public const string CoroutineConsumedTwice = "CORO0022";

    /// <summary>A synchronous wait on a CoroGen awaitable, or a nested loop run, inside a coroutine.</summary>
    public const string SynchronousWaitInCoroutine = "CORO0023";

    /// <summary><c>GetAwaiter().GetResult()</c> on a <c>Coro</c> or CoroGen task outside a coroutine.</summary>
    public const string SynchronousWaitOutsideLoop = "CORO0024";

    /// <summary><c>ConfigureAwait</c> on an awaited expression inside a coroutine.</summary>
    public const string ConfigureAwaitInCoroutine = "CORO0025";

    /// <summary><c>Task.Delay</c> or <c>Task.Yield</c> awaited in a coroutine, where <c>Coro.Sleep</c> does the same on the loop.</summary>
    public const string ForeignDelayInCoroutine = "CORO0026";

    /// <summary>A <c>Coro</c> or CoroGen task awaited from a Task-based <c>async</c> method (off the loop).</summary>
    public const string CoroutineAwaitedOffLoop = "CORO0027";

    /// <summary>A <c>using</c> over a <c>Coro</c> or CoroGen awaitable instead of its awaited result.</summary>
    public const string UsingOnCoroutine = "CORO0028";

    /// <summary>An await whose result is itself a <c>Coro</c> or CoroGen task, dropped instead of awaited again.</summary>
    public const string NestedCoroutineAwaitedOnce = "CORO0029";

    /// <summary>A known blocking call inside a coroutine (blocks the event loop thread).</summary>
    public const string BlockingCallInCoroutine = "CORO0040";

    /// <summary>A synchronous call in a coroutine whose API has an awaitable <c>...Async</c> sibling.</summary>
    public const string SyncMemberWithAsyncSibling = "CORO0041";

    /// <summary>A synchronous <c>using</c>/<c>Dispose()</c> of an <c>IAsyncDisposable</c> in a coroutine.</summary>
    public const string SyncDisposeOfAsyncDisposable = "CORO0042";

    /// <summary>An endless loop in a coroutine with no await, break, return or throw (never yields to the loop).</summary>
    public const string LoopWithoutAwait = "CORO0043";

    /// <summary>A call in a coroutine to a synchronous in-source method that blocks (transitively), off by default.</summary>
    public const string TransitiveBlockingCallInCoroutine = "CORO0044";

    /// <summary>A loop-affine API called from a delegate that runs on another thread.</summary>
    public const string LoopAffineCallFromOtherThread = "CORO0060";

    /// <summary>A <c>Coro</c> created or awaited in a delegate that runs on another thread.</summary>
    public const string CoroutineOnOtherThread = "CORO0061";

    /// <summary>A coroutine passed where a plain callback is expected (the Coro is created and dropped).</summary>
    public const string CoroutineAsCallback = "CORO0062";

    /// <summary>A thread lock (Monitor, SemaphoreSlim, Lock, ReaderWriterLockSlim) held across an await.</summary>
    public const string ThreadLockAcrossAwait = "CORO0063";

    /// <summary><c>[ThreadStatic]</c>, <c>ThreadLocal&lt;T&gt;</c> or <c>AsyncLocal&lt;T&gt;</c> state used in a coroutine.</summary>
    public const string ThreadLocalStateInCoroutine = "CORO0064";

    /// <summary><c>StartNew</c>/<c>ContinueWith</c> without an explicit <c>TaskScheduler</c> in a coroutine.</summary>
    public const string ImplicitTaskScheduler = "CORO0065";

    /// <summary>The handle returned by <c>Coro.Spawn</c>/<c>EventLoop.Spawn</c> is dropped.</summary>
    public const string SpawnedTaskDropped = "CORO0080";

    /// <summary>A spawned task handle stored in a local that is never used afterwards.</summary>
    public const string SpawnedTaskHandleUnused = "CORO0081";

    /// <summary><c>Coro.Gather</c> over a single coroutine.</summary>
    public const string GatherOfOne = "CORO0082";

    /// <summary>A catch clause in a coroutine that swallows cancellation.</summary>
    public const string CancellationSwallowed = "CORO0090";

    /// <summary><c>catch (TaskCanceledException)</c> in a coroutine without an <c>OperationCanceledException</c> backstop.</summary>
    public const string TaskCanceledExceptionCaught = "CORO0091";

    /// <summary>A <c>CancellationToken</c> parameter of a coroutine not forwarded to a call that accepts one.</summary>
    public const string CancellationTokenNotForwarded = "CORO0092";

    /// <summary>An await in a catch or finally block of a coroutine, not shielded from cancellation.</summary>
    public const string UnshieldedAwaitInCleanup = "CORO0093";

    /// <summary>A non-async method returns a coroutine from inside a <c>using</c> or <c>try</c>/<c>finally</c>.</summary>
    public const string CoroutineReturnedFromDisposingScope = "CORO0100";

    /// <summary>A disposable local passed to a spawned coroutine and disposed before the task is awaited.</summary>
    public const string DisposedBeforeSpawnedTaskJoined = "CORO0101";

    /// <summary>Coroutine naming policy (<c>coro_naming</c>), off by default.</summary>
    public const string CoroutineNaming = "CORO0120";

    /// <summary>A coroutine that only tail-awaits another coroutine and could return it (off by default).</summary>
    public const string PassThroughCoroutine = "CORO0121";

    /// <summary>Suppression of CS4014 where a CoroGen rule reports instead, or on <c>TaskGroup.Spawn</c>.</summary>
    public const string SuppressCS4014 = "CORO_SPR0001";

    /// <summary>The documentation page of <paramref name="id"/>.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
