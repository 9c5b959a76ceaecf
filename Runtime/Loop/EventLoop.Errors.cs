using CoroGen.Loop;

namespace CoroGen;

/// <summary>The loop's error sink: asyncio's exception handler API.</summary>
public sealed partial class EventLoop
{
    private Action<EventLoop, ExceptionContext>? _exceptionHandler;

    /// <summary>
    /// Sets the handler called for errors nobody else can receive (a failing callback, an error
    /// during shutdown). <see langword="null"/> restores <see cref="DefaultExceptionHandler"/>.
    /// </summary>
    public void SetExceptionHandler(Action<EventLoop, ExceptionContext>? handler) => _exceptionHandler = handler;

    /// <summary>The handler set by <see cref="SetExceptionHandler"/>, or <see langword="null"/>.</summary>
    public Action<EventLoop, ExceptionContext>? GetExceptionHandler() => _exceptionHandler;

    /// <summary>Logs the context as an error: to the loop's <see cref="Loop.EventLoopOptions.Logger"/>, else its error writer (standard error unless configured).</summary>
    public void DefaultExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new System.Text.StringBuilder(context.Message);
        if (context.Task is { } task)
        {
            text.Append("\n  task: ").Append(task.ToString());
        }
        else if (context.Future is { } future)
        {
            text.Append("\n  future: ").Append(future.ToString());
        }

        if (context.Handle is { } handle)
        {
            text.Append("\n  handle: ").Append(handle.ToString());
        }

        Log(Microsoft.Extensions.Logging.LogLevel.Error, text.ToString(), context.Exception);
    }

    /// <summary>
    /// Reports an error to the current handler. A handler that throws is itself reported to the
    /// default handler, followed by the original context, so nothing is lost.
    /// </summary>
    public void CallExceptionHandler(ExceptionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var handler = _exceptionHandler;
        if (handler is null)
        {
            DefaultExceptionHandler(context);
            return;
        }

        try
        {
            handler(this, context);
        }
        catch (Exception e)
        {
            DefaultExceptionHandler(new ExceptionContext("Unhandled error in exception handler") { Exception = e });
            DefaultExceptionHandler(context);
        }
    }
}
