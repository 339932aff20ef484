using System.IO.MemoryMappedFiles;

namespace PooledMixIn.Docs.Tests;

/// <summary>
/// The facts about .NET on Linux that the tutorial says forced its design, asserted here so that the day a runtime
/// changes one of them, the chapter that relies on it is flagged.
/// </summary>
public sealed class PlatformFactsTests
{
    [Fact]
    public void Named_semaphores_events_and_memory_maps_are_not_supported_on_Linux()
    {
        var outcomes = new List<string>();

        #region named-primitives
        // Python's multiprocessing.Semaphore, Event and Value have look-alikes in .NET: named kernel objects.
        try
        {
            using var waiting = new Semaphore(initialCount: 0, maximumCount: 1, name: "pooledmixin-waiting");
            outcomes.Add("named Semaphore: created");
        }
        catch (PlatformNotSupportedException exception)
        {
            outcomes.Add($"named Semaphore: {exception.Message}");
        }

        try
        {
            using var accepted = new EventWaitHandle(false, EventResetMode.ManualReset, "pooledmixin-accepted");
            outcomes.Add("named EventWaitHandle: created");
        }
        catch (PlatformNotSupportedException exception)
        {
            outcomes.Add($"named EventWaitHandle: {exception.Message}");
        }

        try
        {
            using var keepRunning = MemoryMappedFile.CreateNew("pooledmixin-keep-running", capacity: 4096);
            outcomes.Add("named MemoryMappedFile: created");
        }
        catch (PlatformNotSupportedException exception)
        {
            outcomes.Add($"named MemoryMappedFile: {exception.Message}");
        }
        #endregion

        outcomes.Should().Equal(
            "named Semaphore: The named version of this synchronization primitive is not supported on this platform.",
            "named EventWaitHandle: The named version of this synchronization primitive is not supported on this platform.",
            "named MemoryMappedFile: Named maps are not supported.");
    }

    [Fact]
    public void A_named_mutex_works_across_processes_but_cannot_signal()
    {
        // The one named primitive .NET supports on Linux. A mutex is owned by the thread that took it, so only that
        // thread can release it: it can guard a critical section, but not tell another process "go".
        using var mutex = new Mutex(initiallyOwned: false, name: "pooledmixin-docs-" + Environment.ProcessId);
        mutex.WaitOne(TimeSpan.FromSeconds(5)).Should().BeTrue();

        var releasedElsewhere = () =>
        {
            Exception? error = null;
            var thread = new Thread(() =>
            {
                try
                {
                    mutex.ReleaseMutex();
                }
                catch (ApplicationException exception)
                {
                    error = exception;
                }
            });
            thread.Start();
            thread.Join(TimeSpan.FromSeconds(5)).Should().BeTrue();
            if (error is not null)
            {
                throw error;
            }
        };

        releasedElsewhere.Should().Throw<ApplicationException>("a thread that does not own a mutex cannot release it");
        mutex.ReleaseMutex();
    }
}
