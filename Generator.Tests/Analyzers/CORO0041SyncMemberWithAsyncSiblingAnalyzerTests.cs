// CORO0041: synchronous members with an awaitable ...Async sibling in loop context; never for
// siblings that do not match (parameters, result, obsolete), for the sibling itself, for members
// CORO0040 owns, nor outside coroutines.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0041SyncMemberWithAsyncSiblingAnalyzerTests
{
    private const string Library = """
        public sealed partial class Client
        {
            public int Fetch(string key) => 0;
            public Task<int> FetchAsync(string key, CancellationToken cancellationToken) => Task.FromResult(0);
            public void Save() { }
            public ValueTask SaveAsync(bool flush = true) => default;
            public static string Load(int id) => "";
            [Coroutine]
            public static async partial Coro<string> LoadAsync(int id)
            {
                await Coro.Sleep(0);
                return Load(id);
            }

            public int Old() => 0;
            [Obsolete("no")] public Task<int> OldAsync() => Task.FromResult(0);
            public int Mismatch(int a) => 0;
            public Task<string> MismatchAsync(int a) => Task.FromResult("");
            public int Count(int a) => 0;
            public Task<int> CountAsync(long a) => Task.FromResult(0);
            public int Extra(int a) => 0;
            public Task<int> ExtraAsync(int a, int b) => Task.FromResult(0);
            public void Ping() { }
            public int Sum(int a, int b = 0) => 0;
            public Task<int> SumAsync(int a, int b, CancellationToken cancellationToken) => Task.FromResult(0);
        }

        public static class ClientExtensions
        {
            public static Task PingAsync(this Client client) => Task.CompletedTask;
            public static void Touch(this Client client) { }
            public static Task TouchAsync(this Client client) => Task.CompletedTask;
        }
        """;

    [TestMethod]
    public Task SyncCallsWithSiblingsInCoroutine() => Verify<CORO0041SyncMemberWithAsyncSiblingAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Client client, Stream stream, TextReader reader, byte[] buffer)
            {
                int a = {|CORO0041:client.Fetch("a")|};
                {|CORO0041:client.Save()|};
                string b = {|CORO0041:Client.Load(1)|};
                {|CORO0041:client.Ping()|};
                {|CORO0041:client.Touch()|};
                int c = {|CORO0041:stream.Read(buffer, 0, buffer.Length)|};
                {|CORO0041:stream.Flush()|};
                string d = {|CORO0041:reader.ReadToEnd()|};
                string e = {|CORO0041:File.ReadAllText("x")|};
                await TaskGroup.Run(async group => { {|CORO0041:client.Save()|}; await Coro.Sleep(0); });
            }
        }

        """ + Library);

    [TestMethod]
    public Task NonMatchingSiblingsAndOtherContextsAreNotReported() => Verify<CORO0041SyncMemberWithAsyncSiblingAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Ordinary(Client client, Stream stream) => stream.Flush();

            public static async Task TaskBased(Client client, Stream stream)
            {
                client.Save();
                stream.Flush();
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Parent(Client client, Stream stream, Task task, SemaphoreSlim semaphore, CancellationTokenSource cts, MemoryStream memory, StringWriter writer)
            {
                memory.Flush();
                writer.Write("x");
                cts.Cancel();
                int a = client.Old();
                int b = client.Mismatch(1);
                int c = client.Count(1);
                int d = client.Extra(1);
                task.Wait();
                semaphore.Wait();
                stream.Dispose();
                await Coro.ToThread(() => stream.Flush());
                Action later = () => client.Save();
                Func<Task> elsewhere = async () => { client.Save(); await Task.Yield(); };
                await stream.FlushAsync();
            }
        }

        """ + Library);

    [TestMethod]
    public Task AwaitSiblingFix() => Verify<CORO0041SyncMemberWithAsyncSiblingAnalyzer>.CodeFixAsync<CORO0041SyncMemberWithAsyncSiblingCodeFix>("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Client client, Stream stream, CancellationToken token)
            {
                int a = {|CORO0041:client.Fetch("a")|};
                {|CORO0041:client.Save()|}; // keep
                string b = {|CORO0041:Client.Load(1)|}.Trim();
                {|CORO0041:stream.Flush()|};
                string c = {|CORO0041:File.ReadAllText("x")|};
                int d = {|CORO0041:client.Sum(1)|};
            }
        }

        """ + Library, """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Client client, Stream stream, CancellationToken token)
            {
                int a = await client.FetchAsync("a", token);
                await client.SaveAsync(); // keep
                string b = (await Client.LoadAsync(1)).Trim();
                await stream.FlushAsync(token);
                string c = await File.ReadAllTextAsync("x", token);
                int d = {|CORO0041:client.Sum(1)|};
            }
        }

        """ + Library);
}
