namespace PooledMixIn.Preforking;

/// <summary>A worker process could not start: it exited (or hung) before it was ready to serve.</summary>
public sealed class WorkerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerStartException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public WorkerStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WorkerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a worker that exited before it was ready.</summary>
    /// <param name="slot">The worker's slot.</param>
    /// <param name="exitCode">Its exit code, or <see langword="null"/> if it was still running (it hung).</param>
    /// <param name="output">The last lines it wrote.</param>
    public WorkerStartException(int slot, int? exitCode, string output)
        : base(exitCode is { } code
            ? $"Worker {slot} exited with code {code} before it was ready to serve. Its last output:{Environment.NewLine}{output}"
            : $"Worker {slot} did not become ready in time and was killed. Its last output:{Environment.NewLine}{output}")
    {
        Slot = slot;
        ExitCode = exitCode;
        Output = output;
    }

    /// <summary>The worker's slot in the pool.</summary>
    public int Slot { get; }

    /// <summary>The worker's exit code, or <see langword="null"/> if it hung and was killed.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the worker wrote to its standard output and error.</summary>
    public string Output { get; } = "";
}
