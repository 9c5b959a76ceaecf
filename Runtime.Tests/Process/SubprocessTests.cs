using System.Text;
using CoroGen.Loop;
using CoroGen.Process;

namespace CoroGen.Tests.Process;

/// <summary>Subprocesses (asyncio-subprocess.rst) with real child processes on a real-clock loop.</summary>
[TestClass]
public sealed class SubprocessTests
{
    // A safety net against a hung child only; no assertion depends on timing.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(Func<Coro<T>> main)
    {
        using var loop = RealLoop();
        return loop.RunUntilComplete(Coro.WaitFor(main(), Deadline));
    }

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    private static string Text(byte[]? b) => b is null ? "<null>" : Encoding.ASCII.GetString(b);

    [TestMethod]
    public void ShellEchoHi()
    {
        var (output, code) = Run(async () =>
        {
            var p = await Subprocess.Shell("echo hi", stdout: Stdio.Pipe);
            Assert.IsNull(p.Stdin);
            Assert.IsNull(p.Stderr);
            Assert.IsTrue(p.Pid > 0);
            var (stdout, stderr) = await p.Communicate();
            Assert.IsNull(stderr);
            return (Text(stdout), p.ReturnCode);
        });
        Assert.AreEqual("hi\n", output);
        Assert.AreEqual(0, code);
    }

    [TestMethod]
    public void ExecPassesArgumentsWithoutAShell()
    {
        var output = Run(async () =>
        {
            var p = await Subprocess.Exec("printf", ["%s|%s", "a b", "$HOME"], stdout: Stdio.Pipe);
            var (stdout, _) = await p.Communicate();
            return Text(stdout);
        });
        Assert.AreEqual("a b|$HOME", output);
    }

    [TestMethod]
    public void CatRoundTripsThroughStdinAndStdout()
    {
        var (first, rest, code) = Run(async () =>
        {
            var p = await Subprocess.Exec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            p.Stdin!.Write(Bytes("hello\n"));
            await p.Stdin.Drain();
            var line = await p.Stdout!.ReadLine();
            p.Stdin.Write(Bytes("world\n"));
            p.Stdin.Close();
            await p.Stdin.WaitClosed();
            var remaining = await p.Stdout.Read();
            Assert.IsTrue(p.Stdout.AtEof);
            Assert.IsTrue(p.Stdout.IsClosed, "a reader gives its descriptor back at EOF");
            return (Text(line), Text(remaining), await p.Wait());
        });
        Assert.AreEqual("hello\n", first);
        Assert.AreEqual("world\n", rest);
        Assert.AreEqual(0, code);
    }

    [TestMethod]
    public void CommunicateMovesTenMegabytesOnStdoutAndStderrWithoutDeadlock()
    {
        const int size = 10 * 1024 * 1024;
        var (stdout, stderr, code) = Run(async () =>
        {
            var p = await Subprocess.Shell(
                $"head -c {size} /dev/zero; head -c {size} /dev/zero | tr '\\0' 'e' >&2",
                stdout: Stdio.Pipe,
                stderr: Stdio.Pipe);
            var (o, e) = await p.Communicate();
            return (o!, e!, p.ReturnCode);
        });
        Assert.AreEqual(size, stdout.Length);
        Assert.AreEqual(size, stderr.Length);
        Assert.IsTrue(stdout.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        Assert.IsTrue(stderr.AsSpan().IndexOfAnyExcept((byte)'e') < 0);
        Assert.AreEqual(0, code);
    }

    [TestMethod]
    public void CommunicateWritesTenMegabytesWhileReadingBothPipes()
    {
        // tee copies stdin to stdout and to stderr at once: neither pipe may wait for the other,
        // and the input must keep flowing while both outputs are read.
        var input = new byte[10 * 1024 * 1024];
        new Random(11).NextBytes(input);
        var (stdout, stderr) = Run(async () =>
        {
            var p = await Subprocess.Shell("tee /dev/stderr", stdin: Stdio.Pipe, stdout: Stdio.Pipe, stderr: Stdio.Pipe);
            var result = await p.Communicate(input);
            Assert.AreEqual(0, p.ReturnCode);
            Assert.IsTrue(p.Stdin!.IsClosed, "Communicate closes stdin");
            return result;
        });
        CollectionAssert.AreEqual(input, stdout);
        CollectionAssert.AreEqual(input, stderr);
    }

    [TestMethod]
    public void StderrMergesIntoStdout()
    {
        var (output, stderrIsNull) = Run(async () =>
        {
            var p = await Subprocess.Shell("echo out; echo err >&2; echo out2", stdout: Stdio.Pipe, stderr: Stdio.Stdout);
            var (o, e) = await p.Communicate();
            return (Text(o), p.Stderr is null && e is null);
        });
        Assert.AreEqual("out\nerr\nout2\n", output);
        Assert.IsTrue(stderrIsNull);
    }

    [TestMethod]
    public void DevNullGivesEofAndSwallowsOutput()
    {
        var (fromNull, swallowed, code) = Run(async () =>
        {
            var reader = await Subprocess.Exec("cat", stdin: Stdio.DevNull, stdout: Stdio.Pipe);
            var (o, _) = await reader.Communicate();
            var writer = await Subprocess.Shell("echo lost; echo lost too >&2", stdout: Stdio.DevNull, stderr: Stdio.DevNull);
            var result = await writer.Communicate();
            return (o!, result, await writer.Wait());
        });
        Assert.AreEqual(0, fromNull.Length);
        Assert.IsNull(swallowed.Stdout);
        Assert.IsNull(swallowed.Stderr);
        Assert.AreEqual(0, code);
    }

    [TestMethod]
    public void StdoutGoesToAnExistingFileDescriptor()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
            {
                var code = Run(async () =>
                {
                    var p = await Subprocess.Shell("echo to-file", stdout: Stdio.FromHandle(handle));
                    Assert.IsNull(p.Stdout);
                    return await p.Wait();
                });
                Assert.AreEqual(0, code);
            }

            Assert.AreEqual("to-file\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void WorkingDirectoryAndEnvironment()
    {
        var output = Run(async () =>
        {
            var p = await Subprocess.Shell("pwd; echo \"$GREETING\"", stdout: Stdio.Pipe, cwd: "/", env: new Dictionary<string, string> { ["GREETING"] = "bonjour" });
            var (o, _) = await p.Communicate();
            return Text(o);
        });
        Assert.AreEqual("/\nbonjour\n", output);
    }

    [TestMethod]
    public void ExitCodesAreReported()
    {
        var codes = Run(async () =>
        {
            var results = new List<int?>();
            foreach (var command in new[] { "exit 0", "exit 3", "exit 255", "kill -USR1 $$" })
            {
                var p = await Subprocess.Shell(command);
                Assert.IsNull(p.ReturnCode);
                await p.Wait();
                results.Add(p.ReturnCode);
            }

            return results;
        });
        CollectionAssert.AreEqual(new int?[] { 0, 3, 255, -10 }, codes);
    }

    [TestMethod]
    public void KillReportsMinusNine()
    {
        var code = Run(async () =>
        {
            var p = await Subprocess.Exec("sleep", ["100"]);
            p.Kill();
            return await p.Wait();
        });
        Assert.AreEqual(-9, code);
    }

    [TestMethod]
    public void TerminateReportsMinusFifteen()
    {
        var code = Run(async () =>
        {
            var p = await Subprocess.Exec("sleep", ["100"]);
            p.Terminate();
            return await p.Wait();
        });
        Assert.AreEqual(-15, code);
    }

    [TestMethod]
    public void SignalAfterExitRaisesProcessLookupError()
    {
        var error = Run(async () =>
        {
            var p = await Subprocess.Shell("exit 0");
            await p.Wait();
            try
            {
                p.Kill();
            }
            catch (ProcessLookupError e)
            {
                return e;
            }

            return null;
        });
        Assert.IsNotNull(error);
        Assert.IsInstanceOfType<InvalidOperationException>(error);
        StringAssert.Contains(error.Message, "already exited");
    }

    [TestMethod]
    public void CancellingWaitLeavesTheChildRunning()
    {
        var (cancelled, codeAfterCancel, finalCode) = Run(async () =>
        {
            var p = await Subprocess.Exec("sleep", ["100"]);
            var waiter = Coro.Spawn(p.Wait());
            await Coro.Sleep(TimeSpan.Zero);
            waiter.Cancel();
            var wasCancelled = false;
            try
            {
                await waiter;
            }
            catch (CancelledError)
            {
                wasCancelled = true;
            }

            var code = p.ReturnCode;
            p.SendSignal(0); // still there: signal 0 only checks
            p.Kill();
            return (wasCancelled, code, await p.Wait());
        });
        Assert.IsTrue(cancelled);
        Assert.IsNull(codeAfterCancel);
        Assert.AreEqual(-9, finalCode);
    }

    [TestMethod]
    public void CancellingCommunicateKeepsTheChildAndTheBytesRead()
    {
        var (output, code) = Run(async () =>
        {
            var p = await Subprocess.Shell("echo part; exec sleep 100", stdout: Stdio.Pipe);
            var line = await p.Stdout!.ReadLine();
            Assert.AreEqual("part\n", Text(line));
            var communicate = Coro.Spawn(p.Communicate());
            await Coro.Sleep(TimeSpan.Zero);
            communicate.Cancel();
            try
            {
                await communicate;
                Assert.Fail("Communicate should have been cancelled.");
            }
            catch (CancelledError)
            {
            }

            Assert.IsNull(p.ReturnCode);
            Assert.IsFalse(p.Stdout.IsClosed);
            p.Kill();
            var (rest, _) = await p.Communicate();
            return (Text(rest), p.ReturnCode);
        });
        Assert.AreEqual("", output);
        Assert.AreEqual(-9, code);
    }

    [TestMethod]
    public void ABrokenPipeDuringCommunicateIsNotAnError()
    {
        var code = Run(async () =>
        {
            // `true` exits without reading: the megabyte cannot all fit in the pipe.
            var p = await Subprocess.Exec("true", stdin: Stdio.Pipe);
            await p.Communicate(new byte[1024 * 1024]);
            return p.ReturnCode;
        });
        Assert.AreEqual(0, code);
    }

    [TestMethod]
    public void FiftyChildrenAtOnceUseNoThreadEach()
    {
        const int count = 50;
        var (outputs, threadsBefore, threadsDuring) = Run(async () =>
        {
            var before = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
            var children = new Subprocess[count];
            for (var i = 0; i < count; i++)
            {
                children[i] = await Subprocess.Exec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            }

            // Every child is alive and blocked reading its stdin.
            var during = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
            var communications = new Coro<(byte[]? Stdout, byte[]? Stderr)>[count];
            for (var i = 0; i < count; i++)
            {
                communications[i] = children[i].Communicate(Bytes($"child {i}\n"));
            }

            var results = await Coro.Gather(communications);
            foreach (var child in children)
            {
                Assert.AreEqual(0, child.ReturnCode);
            }

            return (results.Select(r => Text(r.Stdout)).ToArray(), before, during);
        });
        for (var i = 0; i < count; i++)
        {
            Assert.AreEqual($"child {i}\n", outputs[i]);
        }

        Assert.IsTrue(threadsDuring - threadsBefore < count / 2, $"threads went from {threadsBefore} to {threadsDuring} with {count} children running");
    }

    [TestMethod]
    public void AMissingProgramRaisesFileNotFoundWithItsName()
    {
        var error = Run(async () =>
        {
            try
            {
                await Subprocess.Exec("corogen-no-such-program", ["x"]);
            }
            catch (FileNotFoundException e)
            {
                return e;
            }

            return null;
        });
        Assert.IsNotNull(error);
        Assert.AreEqual("corogen-no-such-program", error.FileName);
        StringAssert.Contains(error.Message, "corogen-no-such-program");
    }

    [TestMethod]
    public void ExecIsColdUntilAwaited()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corogen-cold-{Guid.NewGuid():N}");
        Run(async () =>
        {
            var pending = Subprocess.Exec("touch", [path]);
            await Coro.Sleep(TimeSpan.Zero);
            Assert.IsFalse(File.Exists(path), "nothing runs before the coroutine is awaited");
            var p = await pending;
            await p.Wait();
            return 0;
        });
        Assert.IsTrue(File.Exists(path));
        File.Delete(path);
    }

    [TestMethod]
    public void MisuseIsRejectedWithAClearMessage()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Subprocess.Exec("cat", stdout: Stdio.Stdout));
        var error = Run(async () =>
        {
            var p = await Subprocess.Exec("true");
            try
            {
                await p.Communicate(Bytes("x"));
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }

            return "";
        });
        StringAssert.Contains(error, "stdin: Stdio.Pipe");
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AChildEnvironmentPathIsSearchedForTheProgram()
    {
        var directory = Directory.CreateTempSubdirectory("corogen-path-");
        try
        {
            var tool = Path.Combine(directory.FullName, "corogen-tool");
            File.WriteAllText(tool, "#!/bin/sh\necho found \"$1\"\n");
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var output = Run(async () =>
            {
                var p = await Subprocess.Exec("corogen-tool", ["it"], stdout: Stdio.Pipe, env: new Dictionary<string, string> { ["PATH"] = directory.FullName });
                var (o, _) = await p.Communicate();
                return Text(o);
            });
            Assert.AreEqual("found it\n", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void ClosingTheLoopStopsWatchingItsChildren()
    {
        var loop = RealLoop();
        var child = loop.RunUntilComplete(Subprocess.Exec("sleep", ["100"]));
        Assert.AreEqual(1, loop.ChildCount);
        loop.Dispose();
        Assert.AreEqual(0, loop.ChildCount);

        // The child outlives the loop, as in asyncio; this test reaps it itself.
        Assert.IsNull(child.ReturnCode);
        child.Kill();
        Assert.AreEqual(-9, ChildWatcher.BlockingWait(child.Pid));
        child.Dispose();
    }

    [TestMethod]
    public void TheChildGetsDefaultSigpipeDespiteTheRuntimeIgnoringIt()
    {
        // .NET ignores SIGPIPE and ignored signals survive exec; the spawn restores the default,
        // so `yes | head` ends the way it does in a terminal.
        var code = Run(async () =>
        {
            var p = await Subprocess.Shell("kill -PIPE $$; echo survived", stdout: Stdio.Pipe);
            var (o, _) = await p.Communicate();
            Assert.AreEqual("", Text(o));
            return p.ReturnCode;
        });
        Assert.AreEqual(-13, code);
    }

    [TestMethod]
    public void ThePipeReaderAndWriterSpeakTheStreamApi()
    {
        var (line, until, exact, into, partial, atEof) = Run(async () =>
        {
            var p = await Subprocess.Exec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            p.Stdin!.WriteLines([Bytes("one\n"), Bytes("two;"), Bytes("three"), Bytes("four!"), Bytes("tail")]);
            p.Stdin.Close();
            var first = Text(await p.Stdout!.ReadLine());
            var second = Text(await p.Stdout.ReadUntil(Bytes(";")));
            var third = Text(await p.Stdout.ReadExactly(5));
            var memory = new byte[5];
            await p.Stdout.ReadExactly(memory);
            string? incomplete = null;
            try
            {
                await p.Stdout.ReadExactly(10);
            }
            catch (CoroGen.Net.IncompleteReadError e)
            {
                incomplete = Text(e.Partial);
            }

            await p.Wait();
            return (first, second, third, Text(memory), incomplete, p.Stdout.AtEof);
        });
        Assert.AreEqual("one\n", line);
        Assert.AreEqual("two;", until);
        Assert.AreEqual("three", exact);
        Assert.AreEqual("four!", into);
        Assert.AreEqual("tail", partial);
        Assert.IsTrue(atEof);
    }
}
