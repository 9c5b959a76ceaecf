namespace CoroGen.Tests.Infrastructure;

/// <summary>Assertions about how a task ends.</summary>
internal static class CoroTasksAssert
{
    /// <summary>Awaits <paramref name="task"/> and returns the exception it must raise.</summary>
    public static async Coro<TException> ThrowsAsync<TException>(CoroTask task)
        where TException : Exception
    {
        try
        {
            await task;
        }
        catch (TException e)
        {
            return e;
        }

        Assert.Fail($"Expected the task to raise {typeof(TException).Name}.");
        return null!;
    }
}
