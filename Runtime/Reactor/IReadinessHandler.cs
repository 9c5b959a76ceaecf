namespace CoroGen.Reactor;

/// <summary>
/// Something driven by a descriptor's readiness without a task of its own (a transport): the
/// registration runs it from the ready queue after an event set <see cref="FdRegistration.ReadReady"/>
/// or <see cref="FdRegistration.WriteReady"/>, or after <see cref="FdRegistration.ScheduleHandler"/>.
/// </summary>
internal interface IReadinessHandler
{
    /// <summary>Does the I/O the registration's flags allow. Runs on the loop thread, from the ready queue (never inside a poll).</summary>
    void OnReady(FdRegistration registration);
}
