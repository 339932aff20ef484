using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets.Tests;

/// <summary>One entry a <see cref="RecordingLoggerProvider"/> kept.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);
