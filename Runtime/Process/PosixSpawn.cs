using System.Collections;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CoroGen.Process;

/// <summary>
/// Starts a child with <c>posix_spawn(3)</c>/<c>posix_spawnp(3)</c>: the one place that turns a
/// <see cref="Subprocess"/> request into file actions, spawn attributes and native strings.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="System.Diagnostics.Process"/>: it makes blocking pipes wrapped in
/// streams, has no <c>/dev/null</c> or stderr-into-stdout redirection, and watches exits with
/// its own <c>SIGCHLD</c> machinery. <c>posix_spawn</c> is what CPython's <c>subprocess</c> uses
/// when it can: glibc implements it with <c>clone(CLONE_VM|CLONE_VFORK)</c>, so it is cheap even
/// from a large process, safe in a multithreaded one (no managed code runs in the child), and it
/// reports <c>exec</c> failures such as a missing program as its return value.</para>
/// <para>Descriptor hygiene: every descriptor the runtime and this library open is close-on-exec,
/// so the child receives exactly the ones the file actions <c>dup2</c> onto 0, 1 and 2.
/// The child gets an empty signal mask and <c>SIGPIPE</c>/<c>SIGXFSZ</c> back at their default
/// dispositions (the .NET runtime ignores <c>SIGPIPE</c>, and ignored signals survive
/// <c>exec</c>), as CPython's <c>restore_signals</c> does.</para>
/// </remarks>
internal static unsafe class PosixSpawn
{
    /// <summary>Target descriptors 0, 1, 2: a descriptor to <c>dup2</c> there, −1 to inherit, or <see cref="DevNull"/>.</summary>
    public const int DevNull = -2;

    /// <summary>Spawns the child and returns its pid.</summary>
    /// <param name="program">The program; searched in <c>PATH</c> when <paramref name="searchPath"/> and it has no slash.</param>
    /// <param name="argv">The full argument vector, <c>argv[0]</c> included.</param>
    /// <param name="stdio">For 0, 1, 2: the parent descriptor to duplicate there, −1 to inherit, or <see cref="DevNull"/>.</param>
    /// <param name="mergeStderr">Duplicate the child's descriptor 1 onto 2 after the others are in place.</param>
    /// <param name="cwd">The child's working directory, or <see langword="null"/> for the parent's.</param>
    /// <param name="env">The child's environment, or <see langword="null"/> for the parent's (as .NET sees it).</param>
    /// <param name="searchPath">Use <c>posix_spawnp</c>.</param>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="cwd"/> does not exist.</exception>
    /// <exception cref="Win32Exception">Spawning failed otherwise (for example, permission denied); <see cref="Win32Exception.NativeErrorCode"/> is the errno.</exception>
    public static int Spawn(string program, IReadOnlyList<string> argv, ReadOnlySpan<int> stdio, bool mergeStderr, string? cwd, IReadOnlyDictionary<string, string>? env, bool searchPath)
    {
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(ProcessLibc.OpaqueSize);
        var attr = NativeMemory.AllocZeroed(ProcessLibc.OpaqueSize);
        var sigset = NativeMemory.AllocZeroed(ProcessLibc.OpaqueSize);
        byte** argvPtr = null;
        byte** envPtr = null;
        var actionsReady = false;
        var attrReady = false;
        try
        {
            Check(ProcessLibc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", program);
            actionsReady = true;
            Check(ProcessLibc.posix_spawnattr_init(attr), "posix_spawnattr_init", program);
            attrReady = true;

            var devNull = Utf8(strings, "/dev/null");
            for (var target = 0; target < 3; target++)
            {
                var source = stdio[target];
                if (source == DevNull)
                {
                    Check(ProcessLibc.posix_spawn_file_actions_addopen(actions, target, devNull, ProcessLibc.O_RDWR, 0), "posix_spawn_file_actions_addopen", program);
                }
                else if (source >= 0)
                {
                    Check(ProcessLibc.posix_spawn_file_actions_adddup2(actions, source, target), "posix_spawn_file_actions_adddup2", program);
                }
            }

            if (mergeStderr)
            {
                Check(ProcessLibc.posix_spawn_file_actions_adddup2(actions, 1, 2), "posix_spawn_file_actions_adddup2", program);
            }

            if (cwd is not null)
            {
                Check(ProcessLibc.posix_spawn_file_actions_addchdir_np(actions, Utf8(strings, cwd)), "posix_spawn_file_actions_addchdir_np", program);
            }

            ProcessLibc.sigemptyset(sigset);
            Check(ProcessLibc.posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask", program);
            ProcessLibc.sigaddset(sigset, ProcessLibc.SIGPIPE);
            ProcessLibc.sigaddset(sigset, ProcessLibc.SIGXFSZ);
            Check(ProcessLibc.posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault", program);
            Check(ProcessLibc.posix_spawnattr_setflags(attr, ProcessLibc.POSIX_SPAWN_SETSIGMASK | ProcessLibc.POSIX_SPAWN_SETSIGDEF), "posix_spawnattr_setflags", program);

            if (searchPath && env is not null && !program.Contains('/') && env.TryGetValue("PATH", out var childPath))
            {
                // posix_spawnp searches the parent's PATH; a child given its own environment is
                // looked up in that one, as CPython's subprocess does.
                program = FindInPath(program, childPath) ?? throw SpawnError(ProcessLibc.ENOENT, program, cwd);
                searchPath = false;
            }

            argvPtr = Vector(strings, argv);
            envPtr = Vector(strings, Environment(env));
            var path = Utf8(strings, program);

            int pid;
            var error = searchPath
                ? ProcessLibc.posix_spawnp(&pid, path, actions, attr, argvPtr, envPtr)
                : ProcessLibc.posix_spawn(&pid, path, actions, attr, argvPtr, envPtr);
            if (error != 0)
            {
                throw SpawnError(error, program, cwd);
            }

            return pid;
        }
        finally
        {
            if (actionsReady)
            {
                ProcessLibc.posix_spawn_file_actions_destroy(actions);
            }

            if (attrReady)
            {
                ProcessLibc.posix_spawnattr_destroy(attr);
            }

            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            NativeMemory.Free(sigset);
            NativeMemory.Free(argvPtr);
            NativeMemory.Free(envPtr);
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    /// <summary>The first executable file named <paramref name="program"/> in the directories of <paramref name="path"/>, or null.</summary>
    private static string? FindInPath(string program, string path)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var directory in path.Split(':'))
        {
            var candidate = Path.Combine(directory.Length == 0 ? "." : directory, program);
            if (!OperatingSystem.IsWindows() && File.Exists(candidate) && (File.GetUnixFileMode(candidate) & anyExecute) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Exception SpawnError(int errno, string program, string? cwd)
    {
        if (errno == ProcessLibc.ENOENT)
        {
            if (cwd is not null && !Directory.Exists(cwd))
            {
                return new DirectoryNotFoundException($"Cannot start '{program}': the working directory '{cwd}' does not exist.");
            }

            return new FileNotFoundException(
                $"Cannot start '{program}': no such file or directory{(program.Contains('/') ? "" : " (searched PATH)")}. Check the program name, or use Subprocess.Shell to run a shell command line.",
                program);
        }

        return new Win32Exception(errno, $"Cannot start '{program}': {ProcessLibc.Describe(errno)} (errno {errno}).");
    }

    private static void Check(int error, string what, string program)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, $"Cannot start '{program}': {what} failed: {ProcessLibc.Describe(error)} (errno {error}).");
        }
    }

    private static IReadOnlyList<string> Environment(IReadOnlyDictionary<string, string>? env)
    {
        var list = new List<string>();
        if (env is not null)
        {
            foreach (var (key, value) in env)
            {
                list.Add($"{key}={value}");
            }

            return list;
        }

        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            list.Add($"{entry.Key}={entry.Value}");
        }

        return list;
    }

    private static byte* Utf8(List<nint> owned, string value)
    {
        if (value.Contains('\0'))
        {
            throw new ArgumentException($"Arguments, environment entries and paths cannot contain NUL characters: '{value.Replace("\0", "\\0")}'.");
        }

        var p = Marshal.StringToCoTaskMemUTF8(value);
        owned.Add(p);
        return (byte*)p;
    }

    private static byte** Vector(List<nint> owned, IReadOnlyList<string> values)
    {
        var vector = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < values.Count; i++)
        {
            vector[i] = Utf8(owned, values[i]);
        }

        return vector;
    }
}
