using Microsoft.Extensions.Time.Testing;

namespace WaCompliance.Tests.Messaging;

/// <summary>Drives a fake clock forward until a task completes, for code that waits on the injected TimeProvider.</summary>
internal static class Clock
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 5_000)
    {
        for (var i = 0; !task.IsCompleted && i < maxSteps; i++)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        Assert.True(task.IsCompleted, "the operation did not finish while the clock advanced");
        return await task;
    }
}
