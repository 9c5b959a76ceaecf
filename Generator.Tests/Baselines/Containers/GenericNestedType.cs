using System;
using System.Threading.Tasks;
using CoroGen;

namespace Demo.Caching;

public partial class Outer<TKey, TValue>
    where TKey : notnull, IComparable<TKey>
    where TValue : class?, new()
{
    internal partial struct Inner<TItem>
        where TItem : struct
    {
        [Coroutine]
        public async partial Coro<TValue?> Lookup(TKey key, TItem item)
        {
            await Task.Yield();
            return null;
        }
    }
}

public partial interface IProducer<T>
{
    public partial class Buffer
    {
        [Coroutine]
        protected internal async partial Coro<int> Fill()
        {
            await Task.Yield();
            return 0;
        }
    }
}

public partial interface ISink<in T>
{
    [Coroutine]
    public static async partial Coro Flush()
    {
        await Task.Yield();
    }
}
