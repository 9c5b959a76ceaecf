using CoroGen.CompilerServices;

namespace CoroGen.Benchmarks;

/// <summary>
/// <c>for (i = 0; i &lt; n; i++) await Coro.Sleep(0); return n;</c> lowered by hand into the
/// struct-machine shape the generator will emit (the machine path). It measures what the
/// runtime's delegate-free protocol costs before the compiler exists.
/// </summary>
internal struct SleepLoopMachine(int count) : ICoroMachine<int>
{
    private int _state;
    private int _i;
    private SleepAwaitable.Awaiter _awaiter;

    public int Result { get; private set; }

    public bool MoveNext(TaskBox task)
    {
        if (_state == 1)
        {
            _awaiter.GetResult();
            _i++;
        }

        while (_i < count)
        {
            _awaiter = Coro.Sleep(0).GetAwaiter();
            if (!_awaiter.IsCompleted)
            {
                _state = 1;
                _awaiter.Suspend(task);
                return false;
            }

            _awaiter.GetResult();
            _i++;
        }

        Result = count;
        return true;
    }
}
