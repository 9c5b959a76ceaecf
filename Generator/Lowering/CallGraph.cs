// The call graph of awaited coroutines, for one decision: which awaited callees must run in a
// pooled box because inlining them would make a machine contain itself. Invariants: equatable
// (only the sorted list of boxed edges, so an unrelated edit leaves it equal); an edge is boxed
// exactly when both ends are in the same strongly connected component (self-recursion
// included) or the callee's machine is private to another type; adapters over the builder path
// have no edges.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CoroGen.Generator.Model;

namespace CoroGen.Generator;

/// <summary>The awaited-coroutine edges that must run boxed.</summary>
internal sealed record CallGraph(EquatableArray<string> CyclicKeys)
{
    /// <summary>A coroutine and the coroutines it awaits inline.</summary>
    internal sealed record Node(string Key, EquatableArray<string> Callees, bool IsPrivate, string Container)
    {
        public static Node From(CoroutineSpec spec) => new(
            spec.Machine?.Key ?? spec.HintName,
            (spec.Machine?.CalleeSites ?? EquatableArray<CalleeSiteSpec>.Empty).Select(static s => s.CalleeKey).Distinct().ToEquatableArray(),
            spec.Machine?.IsPrivate ?? false,
            spec.Machine?.ContainerKey ?? string.Empty);
    }

    /// <summary>How an edge is written in <see cref="CyclicKeys"/>.</summary>
    public static string EdgeKey(string caller, string callee) => caller + "\u0002" + callee;

    /// <summary>The graph's boxed edges, each as <see cref="EdgeKey"/>.</summary>
    public static CallGraph Build(ImmutableArray<Node> nodes)
    {
        var byKey = new Dictionary<string, Node>();
        foreach (Node node in nodes)
        {
            byKey[node.Key] = node;
        }

        // Tarjan's algorithm, iterative so deep call chains cannot overflow the stack.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var stack = new Stack<string>();
        var component = new Dictionary<string, int>();
        int counter = 0;
        int components = 0;
        foreach (string root in byKey.Keys.OrderBy(static k => k, System.StringComparer.Ordinal))
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Key, int Next)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                (string key, int next) = work.Pop();
                EquatableArray<string> callees = byKey[key].Callees;
                if (next < callees.Count)
                {
                    work.Push((key, next + 1));
                    string callee = callees[next];
                    if (!byKey.ContainsKey(callee))
                    {
                        continue;
                    }

                    if (!index.ContainsKey(callee))
                    {
                        index[callee] = low[callee] = counter++;
                        stack.Push(callee);
                        onStack.Add(callee);
                        work.Push((callee, 0));
                    }
                    else if (onStack.Contains(callee))
                    {
                        low[key] = System.Math.Min(low[key], index[callee]);
                    }

                    continue;
                }

                if (low[key] == index[key])
                {
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component[member] = components;
                    }
                    while (member != key);
                    components++;
                }

                if (work.Count > 0)
                {
                    string parent = work.Peek().Key;
                    low[parent] = System.Math.Min(low[parent], low[key]);
                }
            }
        }

        var cyclic = new List<string>();
        foreach (Node node in byKey.Values)
        {
            foreach (string callee in node.Callees)
            {
                bool inCycle = component.TryGetValue(callee, out int c) && c == component[node.Key];

                // A machine private to another type cannot be a field here; its factory still can be called.
                bool unreachable = byKey.TryGetValue(callee, out Node? target) && target.IsPrivate && target.Container != node.Container;
                if (inCycle || unreachable)
                {
                    cyclic.Add(EdgeKey(node.Key, callee));
                }
            }
        }

        cyclic.Sort(System.StringComparer.Ordinal);
        return new CallGraph(cyclic.ToEquatableArray());
    }

    /// <summary>The callees <paramref name="spec"/> must await boxed.</summary>
    public EquatableArray<string> BoxedCallees(CoroutineSpec spec)
    {
        if (spec.Machine is not { } machine || machine.CalleeSites.IsEmpty)
        {
            return EquatableArray<string>.Empty;
        }

        string prefix = EdgeKey(machine.Key, string.Empty);
        return CyclicKeys.Where(k => k.StartsWith(prefix, System.StringComparison.Ordinal)).Select(k => k.Substring(prefix.Length)).ToEquatableArray();
    }
}
