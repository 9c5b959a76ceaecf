// CORO0063: thread locks (Monitor, SemaphoreSlim, System.Threading.Lock, ReaderWriterLockSlim)
// held across an await in a coroutine.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0063ThreadLockAcrossAwaitAnalyzerTests
{
    [TestMethod]
    public Task LocksHeldAcrossAwait() => Verify<CORO0063ThreadLockAcrossAwaitAnalyzer>.AnalyzerAsync("""
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            private static readonly object s_gate = new();
            private static readonly SemaphoreSlim s_semaphore = new(1);
            private static readonly Lock s_lock = new();
            private static readonly ReaderWriterLockSlim s_rw = new();

            [Coroutine]
            private static async partial Coro Monitors()
            {
                {|CORO0063:Monitor.Enter(s_gate)|};
                await Child();
                Monitor.Exit(s_gate);

                {|CORO0063:Monitor.Enter(s_gate)|};
                try
                {
                    await Child();
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }

                bool taken = false;
                try
                {
                    {|CORO0063:Monitor.Enter(s_gate, ref taken)|};
                    await Child();
                }
                finally
                {
                    if (taken) Monitor.Exit(s_gate);
                }
            }

            [Coroutine]
            private static async partial Coro Others()
            {
                {|CORO0063:s_semaphore.Wait()|};
                try { await Child(); } finally { s_semaphore.Release(); }

                using (var scope = {|CORO0063:s_lock.EnterScope()|})
                {
                    await Child();
                }

                {|CORO0063:s_lock.Enter()|};
                await Child();
                s_lock.Exit();

                {|CORO0063:s_rw.EnterWriteLock()|};
                await Child();
                s_rw.ExitWriteLock();

                using var held = {|CORO0063:s_lock.EnterScope()|};
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task LocksReleasedBeforeAwaitOrOutsideCoroutinesAreNotReported() => Verify<CORO0063ThreadLockAcrossAwaitAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static readonly object s_gate = new();
            private static readonly object s_other = new();
            private static readonly SemaphoreSlim s_semaphore = new(1);
            private static readonly Lock s_lock = new();
            private static readonly ReaderWriterLockSlim s_rw = new();

            [Coroutine]
            private static async partial Coro Released()
            {
                Monitor.Enter(s_gate);
                try { Console.WriteLine(); } finally { Monitor.Exit(s_gate); }
                await Child();

                Monitor.Enter(s_gate);
                Monitor.Enter(s_other);
                Monitor.Exit(s_gate);
                await Child();

                using (s_lock.EnterScope()) { Console.WriteLine(); }
                await Child();

                s_rw.EnterReadLock();
                s_rw.ExitReadLock();
                await Child();

                if (s_semaphore.Wait(0)) { s_semaphore.Release(); }
                s_semaphore.Wait(0);
                await Child();
                s_semaphore.Release();

                Func<Task> elsewhere = async () =>
                {
                    Monitor.Enter(s_gate);
                    await Task.Delay(1);
                    Monitor.Exit(s_gate);
                };
                Action sync = () => { Monitor.Enter(s_gate); Monitor.Exit(s_gate); };
            }

            public static async Task TaskBased()
            {
                await s_semaphore.WaitAsync();
                try { await Task.Delay(1); } finally { s_semaphore.Release(); }
                s_semaphore.Wait();
                await Task.Delay(1);
                s_semaphore.Release();
            }

            public static void Ordinary()
            {
                lock (s_gate) { Console.WriteLine(); }
                Monitor.Enter(s_gate);
                Monitor.Exit(s_gate);
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
