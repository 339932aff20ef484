using System.Text.Json.Serialization;

namespace PooledMixIn.AspNetCore.Demo;

/// <summary>The JSON endpoint's answer, TechEmpower's shape.</summary>
internal sealed record Greeting(string Message);

/// <summary>Which process, thread and connection served a request, and whether that process's hosted service ran.</summary>
internal sealed record ServedBy(int Pid, bool IsWorker, string Thread, string Connection, bool HostedServiceStarted);

/// <summary>JSON in and out.</summary>
internal sealed record Todo(int Id, string Title, bool Done);

/// <summary>What the upload endpoint read.</summary>
internal sealed record Upload(long Length, string Sha256);

/// <summary>Source-generated JSON, so the sample also runs trimmed or NativeAOT.</summary>
[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(ServedBy))]
[JsonSerializable(typeof(Todo))]
[JsonSerializable(typeof(Upload))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
