using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CoroGen;

namespace Demo.Data;

public interface IEntity<TId>
{
    TId Id { get; }
}

public partial class Repository
{
    [Coroutine]
    public async partial Coro<T?> Find<T, TId>(TId id)
        where T : class, IEntity<TId>, new()
        where TId : unmanaged, IEquatable<TId>
    {
        await Task.Yield();
        return null;
    }

    [Coroutine]
    internal static async partial Coro<IReadOnlyList<TItem>> Collect<TItem, TOther>(IEnumerable<TItem> items, TOther? other)
        where TItem : notnull
    {
        await Task.Yield();
        return new List<TItem>(items);
    }

    [Coroutine]
    private async partial Coro<(int Count, string? Name)> Summarize<TStruct>(TStruct value)
        where TStruct : struct, IComparable<TStruct>
    {
        await Task.Yield();
        return (1, value.ToString());
    }
}
