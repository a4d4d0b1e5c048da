namespace WaCompliance.Conformance;

/// <summary>
/// A point where the code under test stops until the test lets it go: <see cref="Entered"/> completes when the code
/// reaches it, <see cref="Release"/> lets it pass. A gate never released stands for a process that died there. Races
/// are forced by holding work at gates, never by sleeping.
/// </summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the code reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Whether the code reached the gate.</summary>
    public bool WasEntered => _entered.Task.IsCompleted;

    /// <summary>Called by the code under test: marks the gate entered and waits until it is released.</summary>
    /// <returns>A task that completes on release.</returns>
    public Task PassAsync()
    {
        _entered.TrySetResult();
        return _released.Task;
    }

    /// <summary>Lets the code pass.</summary>
    public void Release() => _released.TrySetResult();
}
