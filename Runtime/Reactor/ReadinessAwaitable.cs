using CoroGen.CompilerServices;

namespace CoroGen.Reactor;

/// <summary>
/// Awaits the next readiness edge of one direction of a <see cref="FdRegistration"/>, made by
/// <see cref="FdRegistration.WaitReadable"/> or <see cref="FdRegistration.WaitWritable"/>. The
/// result is true when the descriptor became ready, false when the registration was closed.
/// </summary>
/// <remarks>
/// Allocation-free: the suspended task box itself is stored in the registration's reader or writer
/// slot, and the reactor calls <see cref="TaskBox.Wake"/>. Cancelling the task clears the slot and
/// raises <see cref="CancelledError"/> here, as a sleep does.
/// </remarks>
internal readonly struct ReadinessAwaitable
{
    private readonly FdRegistration _registration;
    private readonly bool _write;

    internal ReadinessAwaitable(FdRegistration registration, bool write)
    {
        _registration = registration;
        _write = write;
    }

    /// <summary>Gets the awaiter.</summary>
    public Awaiter GetAwaiter() => new(_registration, _write);

    /// <summary>The awaiter: suspends unless the direction is already ready or the registration closed.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly FdRegistration _registration;
        private readonly bool _write;

        internal Awaiter(FdRegistration registration, bool write)
        {
            _registration = registration;
            _write = write;
        }

        /// <summary>True when the direction is ready again or the registration is closed.</summary>
        public bool IsCompleted => _registration.Closed || (_write ? _registration.WriteReady : _registration.ReadReady);

        /// <summary>True when ready, false when the registration was closed; raises <see cref="CancelledError"/> if the task was cancelled meanwhile.</summary>
        public bool GetResult()
        {
            TaskBox.Current?.ThrowIfCancelDelivered();
            return !_registration.Closed;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _registration.Suspend(task, _write);
    }
}
