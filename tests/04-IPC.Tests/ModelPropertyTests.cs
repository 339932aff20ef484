using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PooledMixIn.Ipc.Tests;

/// <summary>One operation of a generated test. Enums shrink to readable counterexamples like [Release2; Wait].</summary>
public enum SemaphoreOperation
{
    Wait,
    Release1,
    Release2,
    Release3,
}

/// <summary>One operation on an event in a generated test.</summary>
public enum EventOperation
{
    Set,
    Reset,
    Wait,
}

/// <summary>
/// Model-based properties, one thread: every operation on the real object must agree with a few lines
/// of obviously correct code (the model). Concurrency is covered by <see cref="ConcurrentPropertyTests"/>.
/// </summary>
public sealed class ModelPropertyTests
{
    [Property(MaxTest = 300)]
    public Property A_semaphore_agrees_with_a_bounded_counter(byte initial, byte headroom, SemaphoreOperation[] operations)
    {
        int model = initial % 4;
        int maximum = model + 1 + (headroom % 4);
        using var region = SharedMemoryRegion.Create(SharedSemaphore.SizeInBytes);
        using var semaphore = SharedSemaphore.Create(region, 0, model, maximum);

        foreach (SemaphoreOperation operation in operations)
        {
            if (operation == SemaphoreOperation.Wait)
            {
                bool expected = model > 0;
                if (semaphore.Wait(0) != expected)
                {
                    return false.Label($"Wait returned {!expected} with model count {model}");
                }

                model -= expected ? 1 : 0;
            }
            else
            {
                int n = (int)operation; // Release1 = 1, Release2 = 2, Release3 = 3
                bool fits = model + n <= maximum;
                bool threw = false;
                try
                {
                    semaphore.Release(n);
                }
                catch (SemaphoreFullException)
                {
                    threw = true;
                }

                if (threw == fits)
                {
                    return false.Label($"Release({n}) at count {model}/{maximum}: threw={threw}");
                }

                model += fits ? n : 0;
            }

            if (semaphore.CurrentCount != model || model < 0 || model > maximum)
            {
                return false.Label($"count {semaphore.CurrentCount}, model {model}, maximum {maximum}");
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property An_event_agrees_with_a_boolean(bool initiallySet, bool autoReset, EventOperation[] operations)
    {
        bool model = initiallySet;
        using var region = SharedMemoryRegion.Create(SharedEvent.SizeInBytes);
        using var sharedEvent = SharedEvent.Create(region, 0, initiallySet, autoReset ? EventResetMode.AutoReset : EventResetMode.ManualReset);

        foreach (EventOperation operation in operations)
        {
            switch (operation)
            {
                case EventOperation.Set:
                    sharedEvent.Set();
                    model = true;
                    break;
                case EventOperation.Reset:
                    sharedEvent.Reset();
                    model = false;
                    break;
                default:
                    if (sharedEvent.Wait(0) != model)
                    {
                        return false.Label($"Wait(0) disagreed with model {model}");
                    }

                    model &= !autoReset; // a successful wait consumes an auto-reset event
                    break;
            }

            if (sharedEvent.IsSet != model)
            {
                return false.Label($"IsSet {sharedEvent.IsSet}, model {model}");
            }
        }

        return true.ToProperty();
    }
}
