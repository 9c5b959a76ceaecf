using System.Runtime.CompilerServices;

namespace CoroGen.Internal;

/// <summary>
/// A per-thread stack of reusable boxes of one type: how task and coroutine boxes avoid
/// allocating in steady state. Rent and return each cost one thread-static read.
/// </summary>
/// <remarks>
/// Boxes are rented where coroutines are created or spawned and returned where they complete,
/// both normally the loop thread, so no synchronisation is needed. A box returned to a full
/// stack (more than <see cref="Capacity"/> of one type alive at once, then released) is left to
/// the garbage collector. Every box type keeps its own stack.
/// </remarks>
internal sealed class ThreadPoolStack<T>
    where T : class
{
    public const int Capacity = 256;

    [ThreadStatic]
    private static ThreadPoolStack<T>? t_stack;

    private readonly T?[] _items = new T?[Capacity];
    private int _count;

    /// <summary>A pooled box, or <see langword="null"/> when this thread's stack is empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? TryRent()
    {
        var stack = t_stack;
        if (stack is null || stack._count == 0)
        {
            return null;
        }

        var item = stack._items[--stack._count];
        stack._items[stack._count] = null;
        return item;
    }

    /// <summary>Keeps <paramref name="item"/> for reuse on this thread, unless the stack is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Return(T item)
    {
        var stack = t_stack ??= new ThreadPoolStack<T>();
        if (stack._count < Capacity)
        {
            stack._items[stack._count++] = item;
        }
    }
}
